# Appends N messages to one benchmark mailbox by IMAP APPEND: each a new request from its own sender (so the
# per-sender storm guard never interferes), a unique Message-ID, every tenth with a 100 KB attachment.
import base64, imaplib, os, ssl
n = int(os.environ["N"]); user = os.environ["USER_ADDR"]; password = os.environ["PASS"]; tag = os.environ["TAG"]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
imap = imaplib.IMAP4_SSL("127.0.0.1", 993, ssl_context=ctx); imap.login(user, password)
blob = base64.encodebytes(os.urandom(100_000)).decode()
for i in range(n):
    headers = (f"From: Customer {i} <c{i}-{tag}@bench.test>\r\nTo: {user}\r\nMessage-ID: <bench-{tag}-{i}@bench.test>\r\n"
               f"Date: Fri, 27 Nov 2026 12:00:00 +0000\r\nSubject: Node benchmark {tag} request {i}\r\n")
    if i % 10 == 0:
        body = ("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPlease see the file.\r\n"
                f"--b\r\nContent-Type: application/octet-stream; name=f{i}.bin\r\nContent-Disposition: attachment; filename=f{i}.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n{blob}\r\n--b--\r\n")
    else:
        body = "Content-Type: text/plain\r\n\r\nHello, something is broken.\r\n\r\nOn Monday someone wrote:\r\n> earlier text\r\n"
    imap.append("INBOX", None, None, (headers + body).encode())
imap.logout()
