# Appends N messages of the bench mail (../benchmail.py) to the benchmark mailbox, pipelined on one connection.
import os, sys
sys.dont_write_bytecode = True  # no __pycache__ in the worktree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchmail
n = int(os.environ["N"]); user = os.environ["USER_ADDR"]
mail = benchmail.Mail(user)
imap = benchmail.connect(user, os.environ["PASS"])
benchmail.append_pipelined(imap, (mail.build(i) for i in range(n)))
imap.logout()
