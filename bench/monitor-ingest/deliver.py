# Appends N messages to the benchmark mailbox: 70 % new requests, 30 % replies to earlier ones (In-Reply-To),
# every tenth message with a 100 KB attachment (ATTACHMENT_BYTES sets another size, e.g. 41943040 for 40 MB).
import base64, imaplib, os, random, ssl, time
n = int(os.environ["N"]); user = os.environ["USER_ADDR"]; password = os.environ["PASS"]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
imap = imaplib.IMAP4_SSL("127.0.0.1", 993, ssl_context=ctx); imap.login(user, password)
rnd = random.Random(7); ids = []; blob = base64.encodebytes(os.urandom(int(os.environ.get("ATTACHMENT_BYTES", "100000")))).decode()
for i in range(n):
    mid = f"<bench-{i}@bench.test>"; reply = ids and rnd.random() < 0.3
    headers = f"From: Customer {i % 500} <c{i % 500}@bench.test>\r\nTo: {user}\r\nMessage-ID: {mid}\r\nDate: Fri, 27 Nov 2026 12:00:00 +0000\r\n"
    if reply:
        parent = rnd.choice(ids); headers += f"Subject: Re: request {parent}\r\nIn-Reply-To: <bench-{parent}@bench.test>\r\n"
    else:
        headers += f"Subject: Benchmark request number {i}\r\n"; ids.append(i)
    if i % 10 == 0:
        body = ("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPlease see the file.\r\n"
                f"--b\r\nContent-Type: application/octet-stream; name=f{i}.bin\r\nContent-Disposition: attachment; filename=f{i}.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n{blob}\r\n--b--\r\n")
    else:
        body = "Content-Type: text/plain\r\n\r\nHello, something is broken.\r\n\r\nOn Monday someone wrote:\r\n> earlier text\r\n"
    imap.append("INBOX", None, None, (headers + body).replace("\r\n", "\n").replace("\n", "\r\n").encode())
imap.logout()
