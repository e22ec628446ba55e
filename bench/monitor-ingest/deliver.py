# N messages of the bench mail (../benchmail.py) for the benchmark mailbox: appended on one connection, pipelined, or
# with MBOX=FILE written in order to an mbox file for `doveadm import` (run.sh, DELIVER=import).
import os, sys
sys.dont_write_bytecode = True  # no __pycache__ in the worktree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchmail
n = int(os.environ["N"]); user = os.environ["USER_ADDR"]
mail = benchmail.Mail(user)
if os.environ.get("MBOX"):
    with open(os.environ["MBOX"], "wb") as mbox:
        for i in range(n):
            # mboxrd needs no escaping here: no line of the bench mail starts with "From ".
            mbox.write(b"From bench@bench.test Fri Nov 27 12:00:00 2026\n" + mail.build(i).replace(b"\r\n", b"\n") + b"\n")
else:
    imap = benchmail.connect(user, os.environ["PASS"])
    benchmail.append_pipelined(imap, (mail.build(i) for i in range(n)))
    imap.logout()
