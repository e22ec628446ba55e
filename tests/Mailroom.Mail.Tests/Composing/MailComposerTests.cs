using System.Text;
using Mailroom.Core.Accounts;
using Mailroom.Core.Conversations;
using Mailroom.Mail.Composing;
using MimeKit;

namespace Mailroom.Mail.Tests.Composing;

public sealed class MailComposerTests
{
    [Fact]
    public void Compose_SubjectPlacement_AppendsTheConversationIdToTheSubject()
    {
        var mail = MailComposer.Compose(Input() with { Placement = ConversationIdPlacement.Subject });

        var parsed = Reparse(mail.Raw);
        Assert.Equal("About your printer {CMI: ABCD42}", parsed.Subject);
        Assert.DoesNotContain("{CMI:", parsed.TextBody, StringComparison.Ordinal);
        Assert.Equal("{CMI: ABCD42}", mail.History.ConversationId);
        Assert.Equal("About your printer {CMI: ABCD42}", mail.History.Subject);
    }

    [Fact]
    public void Compose_BodyPlacement_PutsTheIdOnALineOfItsOwn_AndAsAnUnobtrusiveHtmlLine()
    {
        var mail = MailComposer.Compose(Input() with
        {
            Placement = ConversationIdPlacement.Body,
            HtmlBody = "<html><body><p>We are on it.</p></body></html>",
        });

        var parsed = Reparse(mail.Raw);
        Assert.Equal("About your printer", parsed.Subject);
        Assert.Contains("{CMI: ABCD42}", parsed.TextBody!.Split('\n').Select(line => line.TrimEnd('\r')));
        Assert.Contains("{CMI: ABCD42}</p></body>", parsed.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("color:#888888", parsed.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_Off_LeavesNoConversationId()
    {
        var mail = MailComposer.Compose(Input() with { ConversationId = null, Placement = ConversationIdPlacement.Off });

        var parsed = Reparse(mail.Raw);
        Assert.DoesNotContain("CMI", parsed.Subject + parsed.TextBody, StringComparison.Ordinal);
        Assert.Null(mail.History.ConversationId);
    }

    [Fact]
    public void Compose_GivesAMessageIdOnTheInstallationDomain_AndTheLoopMarker()
    {
        var mail = MailComposer.Compose(Input());

        var parsed = Reparse(mail.Raw);
        Assert.EndsWith("@desk.example.test", parsed.MessageId, StringComparison.Ordinal);
        Assert.Equal(parsed.MessageId, mail.History.MessageId);
        Assert.Equal("ABCD", parsed.Headers[MailComposer.LoopHeader]);
        Assert.Null(parsed.Headers["Auto-Submitted"]);
        Assert.Null(parsed.Headers["X-Auto-Response-Suppress"]);
        Assert.Equal("desk@example.test", ((MailboxAddress)parsed.From[0]).Address);
    }

    [Fact]
    public void Compose_AnAutomaticSystemNotification_CarriesTheLoopStoppingHeaders()
    {
        var parsed = Reparse(MailComposer.Compose(Input() with { IsAutomatic = true, IsSystem = true }).Raw);

        Assert.Equal("auto-generated", parsed.Headers["Auto-Submitted"]);
        Assert.Equal("All", parsed.Headers["X-Auto-Response-Suppress"]);
    }

    [Fact]
    public void Compose_AnAnswer_CarriesInReplyToAndTheWholeReferencesChain()
    {
        var mail = MailComposer.Compose(Input() with { InReplyTo = "reply-2@client.test", ParentReferences = ["root@desk.example.test", "reply-1@client.test"] });

        var parsed = Reparse(mail.Raw);
        Assert.Equal("reply-2@client.test", parsed.InReplyTo);
        Assert.Equal(["root@desk.example.test", "reply-1@client.test", "reply-2@client.test"], parsed.References);
        Assert.Equal(["root@desk.example.test", "reply-1@client.test", "reply-2@client.test"], mail.History.References);
    }

    [Fact]
    public void Compose_Attachments_AreInTheMessageAndInTheHistory()
    {
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.4 fake");
        var mail = MailComposer.Compose(Input() with { Attachments = [new ComposeAttachment("invoice.pdf", null, bytes)], Cc = ["boss@example.test"], Bcc = ["audit@example.test"] });

        var parsed = Reparse(mail.Raw);
        var part = Assert.Single(parsed.Attachments.OfType<MimePart>());
        Assert.Equal("invoice.pdf", part.FileName);
        Assert.Equal("application/pdf", part.ContentType.MimeType);
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        Assert.Equal(bytes, content.ToArray());
        var stored = Assert.Single(mail.Attachments);
        Assert.Equal("invoice.pdf", stored.FileName);
        Assert.Equal(bytes, stored.Content.ToArray());
        Assert.Equal("boss@example.test", mail.History.Cc);
        Assert.Equal("audit@example.test", mail.History.Bcc);
    }

    [Fact]
    public void Compose_AFirstMail_StartsANewOutlookConversation_WithTheTopicWithoutPrefixes()
    {
        var mail = MailComposer.Compose(Input() with { Subject = "RE: AW: About your printer", Date = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero) });

        var parsed = Reparse(mail.Raw);
        Assert.True(ThreadIndex.TryParse(parsed.Headers["Thread-Index"], out var index));
        Assert.Equal(0, index.ChildCount);
        Assert.InRange(index.Started!.Value, new DateTimeOffset(2026, 11, 27, 9, 59, 58, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal("About your printer", parsed.Headers["Thread-Topic"]); // no prefixes, no Conversation ID
        Assert.Equal(parsed.Headers["Thread-Index"], mail.History.ThreadIndex);
        Assert.Equal("RE: AW: About your printer {CMI: ABCD42}", parsed.Subject); // the subject itself is untouched

        var another = MailComposer.Compose(Input());
        Assert.NotEqual(index.RootKey, ThreadIndex.RootKeyOf(another.History.ThreadIndex)); // each new conversation its own GUID
    }

    [Fact]
    public void Compose_AMailContinuingAConversation_KeepsItsRootAndAppendsOneReplyBlock()
    {
        var parent = ThreadIndex.StartNew(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), Guid.NewGuid()).Reply(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero), 1);

        var mail = MailComposer.Compose(Input() with { ParentThreadIndex = parent.Format() });

        Assert.True(ThreadIndex.TryParse(Reparse(mail.Raw).Headers["Thread-Index"], out var index));
        Assert.Equal(parent.RootKey, index.RootKey);
        Assert.Equal(2, index.ChildCount);
        Assert.StartsWith(parent.Format()[..36], index.Format(), StringComparison.Ordinal); // 27 bytes: the parent's blocks unchanged
    }

    [Fact]
    public void Compose_ANonAsciiSubject_GivesAThreadTopicThatReadsBackTheSame()
    {
        var parsed = Reparse(MailComposer.Compose(Input() with { Subject = "AW: Drucker brennt – Büro 3 回复" }).Raw);

        Assert.Equal("Drucker brennt – Büro 3 回复", parsed.Headers["Thread-Topic"]);
    }

    [Fact]
    public void Compose_AnUnreadableParentThreadIndex_StartsANewConversationRatherThanFailing()
    {
        var mail = MailComposer.Compose(Input() with { ParentThreadIndex = "junk!" });

        Assert.True(ThreadIndex.TryParse(Reparse(mail.Raw).Headers["Thread-Index"], out var index));
        Assert.Equal(0, index.ChildCount);
    }

    private static MimeMessage Reparse(byte[] raw)
    {
        using var stream = new MemoryStream(raw);
        return MimeMessage.Load(stream);
    }

    private static ComposeInput Input() => new()
    {
        From = "desk@example.test",
        To = ["cust@example.test"],
        Subject = "About your printer",
        TextBody = "We are on it.",
        ConversationId = "{CMI: ABCD42}",
        Placement = ConversationIdPlacement.Subject,
        MessageIdDomain = "desk.example.test",
        LoopMarker = "ABCD",
        Date = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero),
    };
}
