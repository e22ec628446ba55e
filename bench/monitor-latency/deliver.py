# Delivers RATE messages a second of the bench mail (../benchmail.py) for SECONDS, steadily: message i is sent at
# start + i / RATE (back to back when the server was slower than that, never in a burst ahead of time). Prints one
# line per message: its Message-ID (without the angle brackets, as the ledger keeps it) and the moment the server
# accepted it (Unix ms, this machine's clock): the tagged OK of IMAP APPEND (DELIVER=append: the message is in the
# mailbox then), or Postfix's 250 after DATA (DELIVER=smtp, port 25: then Postfix's queue and Dovecot's LMTP delivery
# are part of the latency measured).
import os, smtplib, sys, time
sys.dont_write_bytecode = True  # no __pycache__ in the worktree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import benchmail
rate = float(os.environ["RATE"]); seconds = float(os.environ["SECONDS_"]); user = os.environ["USER_ADDR"]
how = os.environ.get("DELIVER", "append")
mail = benchmail.Mail(user, os.environ["TAG"])
if how == "smtp":
    smtp = smtplib.SMTP("127.0.0.1", 25); smtp.ehlo("bench.test")
    send = lambda raw: smtp.sendmail("sender@bench.test", [user], raw)
else:
    imap = benchmail.connect(user, os.environ["PASS"])
    send = lambda raw: imap.append("INBOX", None, None, raw)
total = int(rate * seconds); start = time.time(); late = 0
for i in range(total):
    raw = mail.build(i)
    wait = start + i / rate - time.time()
    if wait > 0:
        time.sleep(wait)
    elif wait < -0.1:
        late += 1
    send(raw)
    print(f"{mail.message_id(i).strip('<>')}\t{int(time.time() * 1000)}", flush=True)
took = time.time() - start
print(f"delivered {total} in {took:.1f} s = {total / took:.1f} messages/s by {how}; {late} sent over 100 ms after their time", file=sys.stderr)
