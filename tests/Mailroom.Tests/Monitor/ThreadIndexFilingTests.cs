using System.Globalization;
using Mailroom.Core.Accounts;
using Mailroom.Core.Conversations;
using Mailroom.Core.Records;
using Mailroom.Core.Sending;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Sending;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Outlook's Thread-Index as the last reply-header hint: mail Mailroom sends carries one, a reply that kept only that
/// (no In-Reply-To, no References, a new subject, no Conversation ID) lands on its record, a root shared by several
/// records decides nothing, and a Thread-Index that does not read is ignored.
/// </summary>
public sealed class ThreadIndexFilingTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_outlook_reply_carrying_only_the_thread_index_of_mail_sent_from_a_record_lands_on_that_record(string kind)
    {
        await using var h = await FilingHarness.CreateAsync(kind);
        var record = await h.Records.CreateAsync(new NewRecord("Printer on fire", h.Customer.Address), CancellationToken.None);
        var sent = await h.SendFromRecordAsync(record.Id, "About your printer", ConversationIdPlacement.Off);
        Assert.True(ThreadIndex.TryParse(sent.Headers["Thread-Index"], out var sentIndex), "mail sent from a record carries a Thread-Index");
        Assert.Equal("About your printer", sent.Headers["Thread-Topic"]);
        Assert.Equal(0, sentIndex.ChildCount); // the record's first mail starts the conversation

        // What Outlook sends when the client (or a gateway) lost the reply headers: the sent index plus a reply block.
        var reply = h.FromCustomer("Something else entirely", "Still burning.");
        reply.Headers.Add("Thread-Index", sentIndex.Reply(DateTimeOffset.UtcNow, 0x2A).Format());
        reply.Headers.Add("Thread-Topic", "About your printer");
        var unrelated = h.FromCustomer("Something else entirely, too", "A new problem.");
        await h.DeliverToDeskAsync(reply, unrelated);

        var counts = await h.RunOnceAsync();

        Assert.Equal((1, 1), (counts.FiledExisting, counts.NewRecords)); // the same mail without the index opens a record
        Assert.Equal("Still burning.", Assert.Single(await h.IncomingOnAsync(record.Id)).Text);
        Assert.Equal(2, (await h.RecordsOfAsync(h.Customer.Address)).Count);

        // The record's next mail continues the same conversation, so Outlook keeps grouping it.
        var next = await h.SendFromRecordAsync(record.Id, "Technician on the way", ConversationIdPlacement.Off, expectedInCustomerMailbox: 2);
        Assert.True(ThreadIndex.TryParse(next.Headers["Thread-Index"], out var nextIndex));
        Assert.Equal(sentIndex.RootKey, nextIndex.RootKey);
        Assert.Equal(1, nextIndex.ChildCount);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_request_from_outlook_opens_a_record_and_the_desks_answers_continue_the_customers_conversation(string kind)
    {
        await using var h = await MailboxFilingHarness.CreateAsync(kind);
        var customers = ThreadIndex.StartNew(DateTimeOffset.UtcNow.AddMinutes(-5), Guid.NewGuid());
        h.Mailbox.Deliver(Raw("alice@client.test", "Laptop will not boot", customers.Format()));
        Assert.Equal(1, (await h.RunOnceAsync()).NewRecords);
        var request = Assert.Single(await h.LedgerAsync());
        var entry = Assert.Single(await h.Journal.ListForRecordAsync(request.RecordId!.Value, CancellationToken.None));
        Assert.Equal(customers.Format(), entry.Mail!.ThreadIndex);

        var mailer = h.Services.GetRequiredService<RecordMailer>();
        var answer = await mailer.QueueAsync(Answer(request.RecordId.Value, entry.Id), CancellationToken.None);
        var followUp = await mailer.QueueAsync(Answer(request.RecordId.Value, null), CancellationToken.None);

        foreach (var queued in new[] { answer, followUp })
        {
            var sent = (await h.Journal.GetAsync(queued.EntryId, CancellationToken.None))!.Mail!;
            Assert.True(ThreadIndex.TryParse(sent.ThreadIndex, out var index));
            Assert.Equal(customers.RootKey, index.RootKey);
            Assert.Equal(1, index.ChildCount);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_thread_index_whose_root_is_on_two_records_picks_neither_and_the_subject_step_still_runs(string kind)
    {
        await using var h = await MailboxFilingHarness.CreateAsync(kind);
        var shared = ThreadIndex.StartNew(DateTimeOffset.UtcNow.AddDays(-1), Guid.NewGuid());
        var first = await h.Records.CreateAsync(new NewRecord("Printer on fire on floor 3", "alice@client.test"), CancellationToken.None);
        var second = await h.Records.CreateAsync(new NewRecord("Coffee machine leaking", "alice@client.test"), CancellationToken.None);
        foreach (var record in new[] { first, second })
        {
            // An agent split one Outlook conversation into two records: both hold mail of the same root.
            await h.Journal.AddMailAsync(
                new NewMailEntry(record.Id, null, new MailHistory { Direction = MailDirection.Incoming, Subject = record.Subject, ThreadIndex = shared.Format() }, [], "x"u8.ToArray()),
                CancellationToken.None);
        }

        h.Mailbox.Deliver(Raw("alice@client.test", "Totally new words", shared.Reply(DateTimeOffset.UtcNow, 1).Format()));
        h.Mailbox.Deliver(Raw("alice@client.test", "RE: Printer on fire on floor 3", shared.Reply(DateTimeOffset.UtcNow, 2).Format()));

        var counts = await h.RunOnceAsync();

        Assert.Equal((1, 1, 0), (counts.NewRecords, counts.FiledExisting, counts.NotHandled));
        var ledger = await h.LedgerAsync();
        var byIndexOnly = ledger.Single(m => m.Outcome == MessageOutcome.NewRecord);
        Assert.NotEqual(first.Id, byIndexOnly.RecordId);
        Assert.NotEqual(second.Id, byIndexOnly.RecordId);
        Assert.Equal(first.Id, ledger.Single(m => m.Outcome == MessageOutcome.FiledExisting).RecordId); // found by subject
        Assert.Single(await h.Journal.ListForRecordAsync(second.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_thread_index_that_does_not_read_is_ignored_and_the_mail_is_still_filed(string kind)
    {
        await using var h = await MailboxFilingHarness.CreateAsync(kind);
        var record = await h.Records.CreateAsync(new NewRecord("Printer on fire on floor 3", "alice@client.test"), CancellationToken.None);
        var cut = Convert.ToBase64String(new byte[25].Select((_, i) => (byte)(i + 1)).ToArray()); // a header and a cut block
        string[] junk = ["!!! not base64 !!!", "AQHZ", cut, new string('A', 10_000)];
        foreach (var value in junk)
        {
            h.Mailbox.Deliver(Raw("alice@client.test", "Brand new trouble " + value.Length.ToString(CultureInfo.InvariantCulture), value));
        }

        h.Mailbox.Deliver(Raw("alice@client.test", "AW: Printer on fire on floor 3", "%%%"));

        var counts = await h.RunOnceAsync();

        Assert.Equal((junk.Length, 1, 0), (counts.NewRecords, counts.FiledExisting, counts.NotHandled));
        var filed = await h.Journal.ListForRecordAsync(record.Id, CancellationToken.None);
        Assert.Null(Assert.Single(filed).Mail!.ThreadIndex); // junk is not kept as a hint
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_forward_that_kept_the_thread_index_of_an_old_mail_opens_a_new_record_but_a_forward_in_reply_to_it_does_not(string kind)
    {
        await using var h = await MailboxFilingHarness.CreateAsync(kind);
        var old = ThreadIndex.StartNew(DateTimeOffset.UtcNow.AddDays(-30), Guid.NewGuid());
        var record = await h.Records.CreateAsync(new NewRecord("Printer on fire on floor 3", "alice@client.test"), CancellationToken.None);
        var oldMessageId = $"{Guid.NewGuid():N}@desk.test";
        await h.Journal.AddMailAsync(
            new NewMailEntry(record.Id, null, new MailHistory { Direction = MailDirection.Outgoing, Subject = "About your printer", MessageId = oldMessageId, ThreadIndex = old.Format() }, [], "x"u8.ToArray()),
            CancellationToken.None);

        // The same index on a reply finds the record; it comes first because the forwards, once filed, put the root
        // on their new records too (and a root on several records decides nothing).
        h.Mailbox.Deliver(Raw("alice@client.test", "RE: About your printer", old.Reply(DateTimeOffset.UtcNow, 9).Format()));

        // Outlook forwards keep the Thread-Index and drop the reply headers: each forward is new business (each its
        // own subject, so the subject step cannot put one on the record another opened).
        string[] forwards = ["FW: Old printer, the bill", "WG: Old printer, the delivery", "转发: Old printer, the warranty", "Пересл: Old printer, the toner"];
        foreach (var (subject, block) in forwards.Select((s, i) => (s, (byte)(i + 1))))
        {
            h.Mailbox.Deliver(Raw("alice@client.test", subject, old.Reply(DateTimeOffset.UtcNow, block).Format()));
        }

        // A forward that names the old mail in In-Reply-To still lands on its record: only the hint is not trusted.
        h.Mailbox.Deliver(Raw("alice@client.test", "Fwd: About your printer", "%%%").Replace(
            "MIME-Version:", $"In-Reply-To: <{oldMessageId}>\r\nMIME-Version:", StringComparison.Ordinal));

        var counts = await h.RunOnceAsync();

        Assert.Equal((forwards.Length, 2, 0), (counts.NewRecords, counts.FiledExisting, counts.NotHandled));
        var incoming = (await h.Journal.ListForRecordAsync(record.Id, CancellationToken.None))
            .Where(e => e.Mail?.Direction == MailDirection.Incoming).Select(e => e.Mail!.Subject).Order(StringComparer.Ordinal);
        Assert.Equal(["Fwd: About your printer", "RE: About your printer"], incoming);
    }

    private static OutgoingMailRequest Answer(long recordId, long? inReplyTo) => new()
    {
        RecordId = recordId,
        Account = "Desk",
        To = ["alice@client.test"],
        Subject = "RE: Laptop will not boot",
        TextBody = "Please hold the power button for ten seconds.",
        InReplyToEntryId = inReplyTo,
        IsSystem = true, // the harness's desk account is not offered to users
    };

    /// <summary>A message with no In-Reply-To, no References and no Conversation ID: only the given Thread-Index.</summary>
    private static string Raw(string from, string subject, string threadIndex) =>
        $"From: {from}\r\nTo: desk@desk.test\r\nSubject: {subject}\r\n" +
        $"Message-ID: <{Guid.NewGuid():N}@client.test>\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\n" +
        $"Thread-Index: {threadIndex}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello from Outlook.\r\n";
}
