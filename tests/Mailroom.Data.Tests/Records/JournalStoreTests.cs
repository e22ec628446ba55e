using System.Text;
using Mailroom.Core.Records;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Records;

public sealed class JournalStoreTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AddMail_KeepsEveryFieldAttachmentsAndRawBytes(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Printer", "cust@example.test"), CancellationToken.None);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var raw = Encoding.ASCII.GetBytes("From: a@b\r\nSubject: hi\r\n\r\nbody\r\n");
        var pdf = new byte[] { 1, 2, 3, 4, 5 };
        var png = new byte[] { 9, 8, 7 };
        var date = DateTimeOffset.Parse("2026-03-04T05:06:07Z", System.Globalization.CultureInfo.InvariantCulture);

        var entryId = await journal.AddMailAsync(new NewMailEntry(
            record.Id,
            record.Requester!.Id,
            new MailHistory
            {
                Direction = MailDirection.Incoming,
                From = "Cust <cust@example.test>",
                To = "desk@example.test",
                Cc = "boss@example.test",
                Subject = "Re: Printer {CMI: ABCD12}",
                Date = date,
                MessageId = "<reply-1@client.example>",
                InReplyTo = "<sent-1@mailroom.local>",
                References = ["<root@mailroom.local>", "<sent-1@mailroom.local>"],
                ConversationId = "{CMI: ABCD12}",
                TextBody = "It still smokes.",
                HtmlBody = "<p>It still smokes.</p>",
            },
            [new NewAttachment("photo.pdf", "application/pdf", null, false, pdf), new NewAttachment("logo.png", "image/png", "<logo@x>", true, png)],
            raw,
            Text: "It still smokes."), CancellationToken.None);

        var entries = await journal.ListForRecordAsync(record.Id, CancellationToken.None);
        var entry = Assert.Single(entries);
        Assert.Equal(entryId, entry.Id);
        Assert.Equal(JournalEntryKind.Mail, entry.Kind);
        Assert.Equal(record.Requester.Id, entry.CustomerId);
        var mail = entry.Mail!;
        Assert.Equal(MailDirection.Incoming, mail.Direction);
        Assert.Equal("Cust <cust@example.test>", mail.From);
        Assert.Equal("desk@example.test", mail.To);
        Assert.Equal("boss@example.test", mail.Cc);
        Assert.Equal("Re: Printer {CMI: ABCD12}", mail.Subject);
        Assert.Equal(date, mail.Date);
        Assert.Equal("reply-1@client.example", mail.MessageId);
        Assert.Equal("sent-1@mailroom.local", mail.InReplyTo);
        Assert.Equal(["root@mailroom.local", "sent-1@mailroom.local"], mail.References);
        Assert.Equal("{CMI: ABCD12}", mail.ConversationId);
        Assert.Equal("It still smokes.", mail.TextBody);
        Assert.Equal("<p>It still smokes.</p>", mail.HtmlBody);
        Assert.Equal(raw.Length, mail.RawSize);
        Assert.Null(mail.DeliveryState);
        Assert.Equal(["photo.pdf", "logo.png"], mail.Attachments.Select(a => a.FileName));
        Assert.Equal(5, mail.Attachments[0].Size);
        Assert.True(mail.Attachments[1].IsInline);
        Assert.Equal("logo@x", mail.Attachments[1].ContentId);

        Assert.Equal(raw, await journal.GetRawAsync(entryId, CancellationToken.None));
        var loaded = await journal.GetAttachmentAsync(mail.Attachments[0].Id, CancellationToken.None);
        Assert.Equal(pdf, loaded!.Content!.Value.ToArray());
        Assert.Single(await journal.ListForCustomerAsync(record.Requester.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FindByMessageId_FindsTheOwner_WhateverTheBracketsAndCase(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var records = new RecordStore(db.Database, TimeProvider.System);
        var first = await records.CreateAsync(new NewRecord("One", null), CancellationToken.None);
        var second = await records.CreateAsync(new NewRecord("Two", null), CancellationToken.None);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var sent = await journal.AddMailAsync(Mail(first.Id, MailDirection.Outgoing, "<Sent.1@Mailroom.Local>", null), CancellationToken.None);
        var filed = await journal.AddMailAsync(Mail(second.Id, MailDirection.Incoming, "in-2@client.example", null), CancellationToken.None);

        Assert.Equal(new MessageIdOwner(first.Id, sent, MailDirection.Outgoing), await journal.FindByMessageIdAsync("sent.1@mailroom.local", CancellationToken.None));
        Assert.Equal(new MessageIdOwner(second.Id, filed, MailDirection.Incoming), await journal.FindByMessageIdAsync(" <IN-2@client.example> ", CancellationToken.None));
        Assert.Null(await journal.FindByMessageIdAsync("<unknown@x>", CancellationToken.None));

        // A reply's References list: the newest known entry wins.
        var owner = await journal.FindByMessageIdsAsync(["<unknown@x>", "<sent.1@mailroom.local>", "<in-2@client.example>"], CancellationToken.None);
        Assert.Equal(second.Id, owner!.RecordId);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FindByConversationId_FindsTheRecordThatSentIt_InAnySpelling(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var records = new RecordStore(db.Database, TimeProvider.System);
        var record = await records.CreateAsync(new NewRecord("One", null), CancellationToken.None);
        var other = await records.CreateAsync(new NewRecord("Other", null), CancellationToken.None);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var sent = await journal.AddMailAsync(Mail(record.Id, MailDirection.Outgoing, "a@x", "{CMI: ABCD17}"), CancellationToken.None);

        // A reply carrying the same ID filed on another record later does not move the conversation.
        await journal.AddMailAsync(Mail(other.Id, MailDirection.Incoming, "b@x", "{CMI: ABCD17}"), CancellationToken.None);

        Assert.Equal(new ConversationOwner(record.Id, sent), await journal.FindByConversationIdAsync("{cmi:  abcd17}", CancellationToken.None));
        Assert.Equal(new ConversationOwner(record.Id, sent), await journal.FindByConversationIdAsync("ABCD17", CancellationToken.None));
        Assert.Null(await journal.FindByConversationIdAsync("{CMI: ABCD170}", CancellationToken.None));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task MarkDeliveryFailed_ShowsOnTheEntry_AndFlagsIt(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("One", null), CancellationToken.None);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var sent = await journal.AddMailAsync(Mail(record.Id, MailDirection.Outgoing, "a@x", null) with { }, CancellationToken.None);
        var incoming = await journal.AddMailAsync(Mail(record.Id, MailDirection.Incoming, "b@x", null), CancellationToken.None);

        Assert.True(await journal.MarkDeliveryFailedAsync(sent, "550 5.1.1 no such user", CancellationToken.None));
        Assert.False(await journal.MarkDeliveryFailedAsync(incoming, "nonsense", CancellationToken.None));

        var entry = await journal.GetAsync(sent, CancellationToken.None);
        Assert.Equal(DeliveryState.Failed, entry!.Mail!.DeliveryState);
        Assert.Equal("550 5.1.1 no such user", entry.Mail.DeliveryDetail);
        Assert.True(entry.NeedsAttention);
        Assert.False((await journal.GetAsync(incoming, CancellationToken.None))!.NeedsAttention);
    }

    private static NewMailEntry Mail(long recordId, MailDirection direction, string messageId, string? conversationId) => new(
        recordId,
        null,
        new MailHistory
        {
            Direction = direction,
            MessageId = messageId,
            ConversationId = conversationId,
            Subject = "s",
            DeliveryState = direction == MailDirection.Outgoing ? DeliveryState.Sent : null,
        },
        [],
        Encoding.ASCII.GetBytes("Subject: s\r\n\r\nx\r\n"));
}
