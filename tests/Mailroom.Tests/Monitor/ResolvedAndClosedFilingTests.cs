using Mailroom.Core.Records;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Replies to finished records, through the real Dovecot and Postfix: a reply to a resolved record reopens it, a reply
/// to a closed record opens a new record following it up; each is an item setting, on by default and able to be turned off.
/// </summary>
public sealed class ResolvedAndClosedFilingTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_reply_to_a_resolved_record_reopens_it_with_a_journal_entry_by_the_monitor(string kind)
    {
        await using var h = await FilingHarness.CreateAsync(kind);
        var unassigned = await h.Records.CreateAsync(new NewRecord("Mail quota exceeded", h.Customer.Address), CancellationToken.None);
        var assigned = await h.Records.CreateAsync(new NewRecord("VPN drops hourly", h.Customer.Address), CancellationToken.None);
        var first = await h.SendFromRecordAsync(unassigned.Id, "Quota raised");
        var second = await h.SendFromRecordAsync(assigned.Id, "VPN fixed", expectedInCustomerMailbox: 2);
        await h.Records.AssignAsync(assigned.Id, "agent@desk.test", "admin", CancellationToken.None);
        await h.Records.ChangeStatusAsync(unassigned.Id, RecordStatus.Resolved, "agent", CancellationToken.None);
        await h.Records.ChangeStatusAsync(assigned.Id, RecordStatus.Resolved, "agent", CancellationToken.None);
        var again = h.FromCustomer("Re: Quota raised", "It is full again.");
        again.InReplyTo = first.MessageId;
        var vpn = h.FromCustomer("Re: VPN fixed", "It dropped again.");
        vpn.InReplyTo = second.MessageId;
        await h.DeliverToDeskAsync(again, vpn);

        var counts = await h.RunOnceAsync();

        Assert.Equal((2, 0), (counts.FiledExisting, counts.NewRecords));
        Assert.Equal(RecordStatus.New, (await h.Records.GetAsync(unassigned.Id, CancellationToken.None))!.Status);
        Assert.Equal(RecordStatus.InProgress, (await h.Records.GetAsync(assigned.Id, CancellationToken.None))!.Status);
        Assert.Equal("It is full again.", Assert.Single(await h.IncomingOnAsync(unassigned.Id)).Text);
        var change = Assert.Single(await h.Journal.ListForRecordAsync(unassigned.Id, CancellationToken.None),
            e => e.Kind == JournalEntryKind.Change && e.Author == "monitor");
        Assert.Contains("to new", change.Text, StringComparison.Ordinal);
        Assert.Contains($"mail from {h.Customer.Address} came in after it was resolved", change.Text, StringComparison.Ordinal);
        Assert.Single(await h.RecordsOfAsync(h.Customer.Address), r => r.Id == unassigned.Id);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_reply_to_a_closed_record_opens_a_new_record_that_follows_it_up(string kind)
    {
        await using var h = await FilingHarness.CreateAsync(kind);
        var closed = await h.Records.CreateAsync(new NewRecord("Printer on fire", h.Customer.Address), CancellationToken.None);
        var sent = await h.SendFromRecordAsync(closed.Id, "Printer replaced");
        await h.Records.ChangeStatusAsync(closed.Id, RecordStatus.Closed, "agent", CancellationToken.None);
        var reply = h.FromCustomer("Re: Printer replaced", "The new one burns too.");
        reply.InReplyTo = sent.MessageId;
        await h.DeliverToDeskAsync(reply);

        var counts = await h.RunOnceAsync();

        Assert.Equal((0, 1), (counts.FiledExisting, counts.NewRecords));
        Assert.Empty(await h.IncomingOnAsync(closed.Id));
        Assert.Equal(RecordStatus.Closed, (await h.Records.GetAsync(closed.Id, CancellationToken.None))!.Status);
        var followUp = Assert.Single(await h.RecordsOfAsync(h.Customer.Address), r => r.Id != closed.Id);
        Assert.Equal(closed.Id, followUp.FollowsUpRecordId);
        Assert.Equal(RecordStatus.New, followUp.Status);
        Assert.Equal("The new one burns too.", Assert.Single(await h.IncomingOnAsync(followUp.Id)).Text);
        Assert.Contains(await h.Journal.ListForRecordAsync(followUp.Id, CancellationToken.None),
            e => e.Kind == JournalEntryKind.Change && e.Author == "monitor" && e.Text!.StartsWith($"Follows up #{closed.Number}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_both_settings_off_replies_land_on_the_resolved_and_the_closed_record_as_they_are()
    {
        await using var h = await FilingHarness.CreateAsync();
        var monitor = await h.MonitorAsync();
        monitor.DefaultItem = """{"reopen-resolved":false,"follow-up-closed":false}""";
        await h.Monitors.SaveAsync(monitor, CancellationToken.None);
        var resolved = await h.Records.CreateAsync(new NewRecord("Mail quota exceeded", h.Customer.Address), CancellationToken.None);
        var closed = await h.Records.CreateAsync(new NewRecord("Printer on fire", h.Customer.Address), CancellationToken.None);
        var first = await h.SendFromRecordAsync(resolved.Id, "Quota raised");
        var second = await h.SendFromRecordAsync(closed.Id, "Printer replaced", expectedInCustomerMailbox: 2);
        await h.Records.ChangeStatusAsync(resolved.Id, RecordStatus.Resolved, "agent", CancellationToken.None);
        await h.Records.ChangeStatusAsync(closed.Id, RecordStatus.Closed, "agent", CancellationToken.None);
        var again = h.FromCustomer("Re: Quota raised", "Thanks!");
        again.InReplyTo = first.MessageId;
        var late = h.FromCustomer("Re: Printer replaced", "Thanks too!");
        late.InReplyTo = second.MessageId;
        await h.DeliverToDeskAsync(again, late);

        var counts = await h.RunOnceAsync();

        Assert.Equal((2, 0), (counts.FiledExisting, counts.NewRecords));
        Assert.Equal(RecordStatus.Resolved, (await h.Records.GetAsync(resolved.Id, CancellationToken.None))!.Status);
        Assert.Equal(RecordStatus.Closed, (await h.Records.GetAsync(closed.Id, CancellationToken.None))!.Status);
        Assert.Equal("Thanks too!", Assert.Single(await h.IncomingOnAsync(closed.Id)).Text);
        Assert.Equal(2, (await h.RecordsOfAsync(h.Customer.Address)).Count);
    }
}
