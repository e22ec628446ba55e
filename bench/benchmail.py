# The bench mail, shared by the deliverers: 70 % new requests, 30 % replies to earlier ones (In-Reply-To), every
# tenth message with an attachment (ATTACHMENT_BYTES, default 100 KB). Message-IDs are <bench-[TAG-]I@bench.test>,
# so a run's messages can be found in the ledger afterwards. Also an IMAP connection with pipelined APPEND.
import base64, imaplib, os, random, ssl


class Mail:
    def __init__(self, user, tag=""):
        self.user = user; self.tag = f"{tag}-" if tag else ""
        self.rnd = random.Random(7); self.ids = []
        self.blob = base64.encodebytes(os.urandom(int(os.environ.get("ATTACHMENT_BYTES", "100000")))).decode()

    def message_id(self, i):
        return f"<bench-{self.tag}{i}@bench.test>"

    def build(self, i):
        """Message number i (call in order: replies refer to earlier requests) as CRLF bytes."""
        reply = self.ids and self.rnd.random() < 0.3
        headers = (f"From: Customer {i % 500} <c{i % 500}@bench.test>\r\nTo: {self.user}\r\nMessage-ID: {self.message_id(i)}\r\n"
                   "Date: Fri, 27 Nov 2026 12:00:00 +0000\r\n")
        if reply:
            parent = self.rnd.choice(self.ids)
            headers += f"Subject: Re: request {parent}\r\nIn-Reply-To: {self.message_id(parent)}\r\n"
        else:
            headers += f"Subject: Benchmark request number {i}\r\n"; self.ids.append(i)
        if i % 10 == 0:
            body = ("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nPlease see the file.\r\n"
                    f"--b\r\nContent-Type: application/octet-stream; name=f{i}.bin\r\nContent-Disposition: attachment; filename=f{i}.bin\r\n"
                    f"Content-Transfer-Encoding: base64\r\n\r\n{self.blob}\r\n--b--\r\n")
        else:
            body = "Content-Type: text/plain\r\n\r\nHello, something is broken.\r\n\r\nOn Monday someone wrote:\r\n> earlier text\r\n"
        return (headers + body).replace("\r\n", "\n").replace("\n", "\r\n").encode()


def connect(user, password):
    ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
    imap = imaplib.IMAP4_SSL("127.0.0.1", 993, ssl_context=ctx); imap.login(user, password)
    return imap


def append_pipelined(imap, messages, window=64):
    """APPENDs to INBOX in order, up to `window` unanswered at once (LITERAL+: no wait for a continuation; the
    server stores them in the order sent, so the mailbox is the one sequential APPENDs make, only faster)."""
    if "LITERAL+" not in imap.capabilities:
        for raw in messages:
            imap.append("INBOX", None, None, raw)
        return
    sent = answered = 0
    for raw in messages:
        imap.send(b"p%d APPEND INBOX {%d+}\r\n" % (sent, len(raw)) + raw + b"\r\n"); sent += 1
        while sent - answered >= window:
            answered += _tagged(imap)
    while answered < sent:
        answered += _tagged(imap)


def _tagged(imap):
    line = imap.readline()
    if line.startswith(b"p"):
        if b" OK " not in line:
            raise RuntimeError(f"APPEND refused: {line!r}")
        return 1
    return 0  # an untagged EXISTS or RECENT
