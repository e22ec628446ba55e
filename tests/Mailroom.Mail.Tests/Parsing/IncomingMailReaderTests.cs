using System.Text;
using Mailroom.Core.Conversations;
using Mailroom.Core.Monitor;
using Mailroom.Mail.Parsing;

namespace Mailroom.Mail.Tests.Parsing;

public sealed class IncomingMailReaderTests
{
    private static readonly ConversationIdFinder Finder = new("ABCD");

    private static Task<IncomingMailFacts> ReadAsync(string raw) =>
        IncomingMailReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n"))), CancellationToken.None);

    [Fact]
    public async Task Conversation_id_is_found_in_an_encoded_word_subject()
    {
        // "Re: Drucker {CMI: ABCD1234}" as a base64 encoded word, folded over two lines.
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("Re: Drucker kaputt {CMI: ABCD1234}"));
        var facts = await ReadAsync($"From: a@example.com\nSubject: =?UTF-8?B?{encoded[..20]}?=\n =?UTF-8?B?{encoded[20..]}?=\n\nhi\n");
        Assert.Equal(new ConversationId("ABCD", 1234), Finder.FindNewest(facts.Subject, facts.Body));
    }

    [Fact]
    public async Task Conversation_id_is_found_in_a_quoted_printable_body_with_soft_breaks()
    {
        var facts = await ReadAsync(
            "From: a@example.com\nSubject: hi\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" +
            "Thanks!\n> {CMI: AB=\nCD12=\n34}\n");
        Assert.Equal(new ConversationId("ABCD", 1234), Finder.FindNewest(facts.Subject, facts.Body));
    }

    [Fact]
    public async Task Conversation_id_is_found_in_a_base64_html_body_with_tags_inside()
    {
        var html = Convert.ToBase64String(Encoding.UTF8.GetBytes("<p>Danke</p><p>{CMI:&nbsp;ABCD<b>77</b>}</p>"));
        var facts = await ReadAsync(
            "From: a@example.com\nSubject: hi\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + html + "\n");
        Assert.Null(facts.TextBody);
        Assert.Equal(new ConversationId("ABCD", 77), Finder.FindNewest(facts.Subject, facts.HtmlBody));
        Assert.Equal(new ConversationId("ABCD", 77), Finder.FindNewest(null, facts.Body));
    }

    [Fact]
    public async Task Reads_addresses_reply_headers_and_latin1_body()
    {
        var raw = "From: =?ISO-8859-1?Q?J=F6rg_M=FCller?= <joerg@example.de>\nTo: desk@example.org, b@example.org\n" +
                  "Cc: c@example.org\nSubject: =?ISO-8859-1?Q?Gr=FC=DFe?=\nMessage-ID: <m1@example.de>\n" +
                  "In-Reply-To: <m0@mailroom.example>\nReferences: <a@x> <m0@mailroom.example>\nThread-Index: AQHZ\n" +
                  "Date: Tue, 1 Mar 2011 18:02:00 +0530\nContent-Type: text/plain; charset=iso-8859-1\n" +
                  "Content-Transfer-Encoding: quoted-printable\n\nSch=F6ne Gr=FC=DFe\n";
        var facts = await ReadAsync(raw);
        Assert.Equal(new EmailAddress("joerg@example.de", "Jörg Müller"), facts.From);
        Assert.Equal(["desk@example.org", "b@example.org"], facts.To.Select(a => a.Address));
        Assert.Equal("c@example.org", Assert.Single(facts.Cc).Address);
        Assert.Equal("Grüße", facts.Subject);
        Assert.Equal("m1@example.de", facts.MessageId);
        Assert.Equal("m0@mailroom.example", facts.InReplyTo);
        Assert.Equal(["a@x", "m0@mailroom.example"], facts.References);
        Assert.Equal("AQHZ", facts.ThreadIndex);
        Assert.Equal(new DateTimeOffset(2011, 3, 1, 18, 2, 0, TimeSpan.FromMinutes(330)), facts.Date);
        Assert.Equal("Schöne Grüße", facts.TextBody!.Trim());
        Assert.Empty(facts.Problems);
    }

    [Fact]
    public async Task Html_becomes_text_with_line_breaks_and_quote_prefixes()
    {
        var facts = await ReadAsync(
            "From: a@example.com\nSubject: hi\nContent-Type: text/html; charset=utf-8\n\n" +
            "<html><head><style>p{color:red}</style></head><body><div>Hi. I am fine.</div><div>Thanks,<br>Alex</div>" +
            "<div>On Monday, Bob wrote:</div><blockquote><p>How are you?</p></blockquote></body></html>\n");
        Assert.Equal("Hi. I am fine.\nThanks,\nAlex\nOn Monday, Bob wrote:\n> How are you?", facts.HtmlAsText);
        Assert.Equal("Hi. I am fine.\nThanks,\nAlex", ReplyTextExtractor.Extract(facts.Body).NewText);
    }

    [Fact]
    public async Task Attachments_are_listed_with_names_sizes_and_inline_flags()
    {
        var raw = """
            From: a@example.com
            Subject: files
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: multipart/related; boundary="b2"

            --b2
            Content-Type: text/html; charset=utf-8

            <img src="cid:logo@x">
            --b2
            Content-Type: image/png
            Content-ID: <logo@x>
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --b2--
            --b1
            Content-Type: application/pdf; name="report.pdf"
            Content-Disposition: attachment; filename="report.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --b1--
            """;
        var facts = await ReadAsync(raw);
        var logo = Assert.Single(facts.Attachments, a => a.ContentId == "logo@x");
        Assert.True(logo.IsInline);
        Assert.Equal(8, logo.Size);
        var pdf = Assert.Single(facts.Attachments, a => a.FileName == "report.pdf");
        Assert.False(pdf.IsInline);
        Assert.Equal("application/pdf", pdf.ContentType);
        Assert.Equal(9, pdf.Size);
    }

    [Fact]
    public async Task Bounce_report_names_the_returned_message_id()
    {
        var raw = """
            From: MAILER-DAEMON@example.org
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="r"

            --r
            Content-Type: text/plain

            I'm sorry to have to inform you that your message could not be delivered.
            --r
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.org

            Final-Recipient: rfc822; nobody@example.org
            Action: failed
            Status: 5.1.1
            --r
            Content-Type: text/rfc822-headers

            From: desk@mailroom.example
            Message-ID:
             <out-42@mailroom.example>
            Subject: Your incident
            --r--
            """;
        var facts = await ReadAsync(raw);
        Assert.True(facts.HasDeliveryStatus);
        Assert.Equal("out-42@mailroom.example", facts.ReturnedMessageId);
        var result = new MailClassifier().Classify(facts);
        Assert.Equal(MailKind.Bounce, result.Kind);
        Assert.Equal("out-42@mailroom.example", result.BouncedMessageId);
        Assert.False(result.MayCreateRecord);
    }

    [Fact]
    public async Task Malformed_input_never_throws()
    {
        var deep = new StringBuilder("From: a@example.com\nSubject: deep\nMIME-Version: 1.0\n");
        for (var i = 0; i < 200; i++)
        {
            deep.Append($"Content-Type: multipart/mixed; boundary=\"d{i}\"\n\n--d{i}\n");
        }

        deep.Append("Content-Type: text/plain\n\nbottom\n");
        var many = new StringBuilder("From: a@example.com\nSubject: many\nContent-Type: multipart/mixed; boundary=\"m\"\n\n");
        for (var i = 0; i < 6000; i++)
        {
            many.Append($"--m\nContent-Type: application/octet-stream; name=\"f{i}.bin\"\n\nx\n");
        }

        many.Append("--m--\n");
        string[] inputs =
        [
            deep.ToString(),
            many.ToString(),
            "Subject: =?x-unknown-charset?B?SGVsbG8=?=\nContent-Type: text/plain; charset=x-does-not-exist\n\nH\u00e9llo\n",
            "From: a@example.com\nFrom: b@example.com\nSubject: one\nSubject: two\n\nbody\n",
            "no headers at all, just text",
            "",
        ];
        foreach (var input in inputs)
        {
            var facts = await ReadAsync(input);
            Assert.NotNull(facts);
        }

        var manyFacts = await ReadAsync(many.ToString());
        Assert.Equal(IncomingMailReader.MaxParts - 1, manyFacts.Attachments.Count);
        Assert.Contains(manyFacts.Problems, p => p.Contains("not read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bare_cr_line_endings_are_read()
    {
        var bytes = Encoding.ASCII.GetBytes("From: a@example.com\rSubject: mac mail\r\rbody line\r");
        var facts = await IncomingMailReader.ReadAsync(new MemoryStream(bytes), CancellationToken.None);
        Assert.Equal("mac mail", facts.Subject);
        Assert.Equal("a@example.com", facts.From?.Address);
    }
}
