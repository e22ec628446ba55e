using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Mailroom.Testing;
using MimeKit;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// The two guards against mail that would open records without end, each triggered through real Postfix and
/// Dovecot: Mailroom's own mail coming back (its <c>X-Mailroom-Loop</c> marker, or a Message-ID on its own domain)
/// never opens a record, and one sender opens at most <see cref="MonitorOptions.NewRecordsPerSenderPerHour"/>.
/// </summary>
public sealed class MailStormFilingTests
{
    [Fact]
    public async Task Mailroom_own_mail_coming_back_by_its_loop_marker_or_its_message_id_domain_opens_no_record()
    {
        await using var h = await FilingHarness.CreateAsync();
        var record = await h.Records.CreateAsync(new NewRecord("Printer", h.Customer.Address), CancellationToken.None);
        var sent = await h.SendFromRecordAsync(record.Id, "About your printer");
        Assert.Equal(FilingHarness.Prefix, sent.Headers[Mail.Composing.MailComposer.LoopHeader]);

        // A forwarder that keeps every header sends the desk's own mail back to it, under a new Message-ID and subject:
        // only the loop marker says where it came from.
        var forwarder = $"forwarder-{Guid.NewGuid():N}"[..20] + "@" + MailServer.DefaultDomain;
        var marked = FilingHarness.Mail(forwarder, h.Desk.Address, "Fwd: a notice", "Forwarded automatically.");
        marked.Headers.Add(Mail.Composing.MailComposer.LoopHeader, FilingHarness.Prefix);

        // A copy of mail Mailroom wrote elsewhere: its Message-ID is on this installation's domain.
        var ownDomain = FilingHarness.Mail(forwarder, h.Desk.Address, "A notice from the desk", "Sent by Mailroom.");
        ownDomain.MessageId = $"{Guid.NewGuid():N}@{new Core.Sending.SendingOptions().MessageIdDomain}";
        await h.DeliverToDeskAsync(sent, marked, ownDomain);

        var counts = await h.RunOnceAsync();

        Assert.Equal((3, 0, 3, 0), (counts.Fetched, counts.NewRecords, counts.Skipped, counts.NotHandled));
        Assert.Empty(await h.RecordsOfAsync(forwarder));
        var reasons = (await h.LedgerAsync()).OrderBy(m => m.Id).Select(m => m.Reason ?? "").ToList();
        Assert.Contains("this very message is already on a record", reasons[0], StringComparison.Ordinal);
        Assert.Contains($"X-Mailroom-Loop: {FilingHarness.Prefix}", reasons[1], StringComparison.Ordinal);
        Assert.Contains("Message-ID on this installation's domain", reasons[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sender_past_the_hourly_new_record_limit_is_set_aside_while_other_senders_still_open_records()
    {
        await using var h = await FilingHarness.CreateAsync(options: new MonitorOptions { NewRecordsPerSenderPerHour = 2 });
        var other = $"other-{Guid.NewGuid():N}"[..16] + "@" + MailServer.DefaultDomain;
        await h.DeliverToDeskAsync(
            h.FromCustomer("Storm 1", "one"),
            h.FromCustomer("Storm 2", "two"),
            h.FromCustomer("Storm 3", "three"),
            FilingHarness.Mail(other, h.Desk.Address, "Unrelated request", "Please help."));

        var counts = await h.RunOnceAsync();

        Assert.Equal((4, 3, 1), (counts.Fetched, counts.NewRecords, counts.NotHandled));
        Assert.Equal(["Storm 1", "Storm 2"], (await h.RecordsOfAsync(h.Customer.Address)).Select(r => r.Subject));
        Assert.Single(await h.RecordsOfAsync(other));
        var aside = Assert.Single(await h.LedgerAsync(), m => m.Outcome == MessageOutcome.NotHandled);
        Assert.Equal("Storm 3", aside.Subject);
        Assert.Contains("already opened 2 records in the last hour", aside.Reason, StringComparison.Ordinal);
    }
}
