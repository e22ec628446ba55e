using Mailroom.Data.Monitor;
using Mailroom.Mail;

namespace Mailroom.Tests.Monitor;

/// <summary>The engine's exactly-once pipeline, without a mail server (the Dovecot tests cover the real transports).</summary>
public sealed class MonitorRunnerTests
{
    private static string Mail(string subject, string? messageId = null, string body = "Hello") =>
        $"From: Customer <customer@example.test>\r\nTo: desk@example.test\r\nSubject: {subject}\r\nMessage-ID: <{messageId ?? Guid.NewGuid().ToString("N")}@example.test>\r\n\r\n{body}\r\n";

    [Fact]
    public async Task Every_waiting_message_is_filed_once_acted_on_and_the_checkpoint_moves()
    {
        await using var h = await EngineHarness.CreateAsync("move:Done");
        for (var i = 0; i < 11; i++)
        {
            h.Mailbox.Deliver(Mail($"Request {i}"));
        }

        var counts = await h.RunOnceAsync();

        Assert.Equal(new MonitorCheckCounts(11, 0, 11, 0, 0), counts);
        Assert.All(await h.FilingsBySubjectAsync(), f => Assert.Equal(1, f.Value));
        Assert.Equal(11, (await h.FilingsBySubjectAsync()).Count);
        Assert.All(await h.LedgerAsync(), m => Assert.Equal(MessageState.Completed, m.State));
        Assert.Equal(11, h.Mailbox.Completed.Count);
        Assert.All(h.Mailbox.Completed, c => Assert.Equal(PostAction.MoveTo("Done"), c.Action));
        Assert.Equal("1:11", await h.Monitors.GetCheckpointAsync(1, "Inbox", default));

        Assert.Equal(MonitorCheckCounts.Zero, await h.RunOnceAsync());
        Assert.Equal(11, h.Mailbox.Completed.Count);
    }

    [Fact]
    public async Task A_message_the_server_will_not_give_is_set_aside_with_its_reason_and_the_rest_is_filed()
    {
        await using var h = await EngineHarness.CreateAsync("move:Done");
        h.Mailbox.Deliver(Mail("Before"));
        h.Mailbox.Deliver(Mail("Broken on the server"));
        h.Mailbox.Deliver(Mail("After"));
        h.Mailbox.Unreadable["1:2"] = "the server replied NO: [SERVERBUG] Internal error";

        var counts = await h.RunOnceAsync();

        Assert.Equal(new MonitorCheckCounts(3, 0, 2, 0, 1), counts);
        Assert.Equal(new Dictionary<string, int> { ["Before"] = 1, ["After"] = 1 }, await h.FilingsBySubjectAsync());
        var ledger = await h.LedgerAsync();
        Assert.All(ledger, m => Assert.Equal(MessageState.Completed, m.State));
        var aside = Assert.Single(ledger, m => m.MailboxId == "1:2");
        Assert.Equal(MessageOutcome.NotHandled, aside.Outcome);
        Assert.Equal("The message could not be read from the server: the server replied NO: [SERVERBUG] Internal error", aside.Reason);
        await using (var raw = await h.Messages.OpenRawAsync(aside, default))
        {
            Assert.Equal(Mail("x")[..10], await new StreamReader(raw).ReadToEndAsync()); // whatever could be had is kept
        }

        Assert.Equal(["1:1", "1:2", "1:3"], h.Mailbox.Completed.Select(c => c.MailboxId).Order()); // the folder empties
        Assert.Equal("1:3", await h.Monitors.GetCheckpointAsync(1, "Inbox", default));
        Assert.Equal(MonitorCheckCounts.Zero, await h.RunOnceAsync());
    }

    [Fact]
    public async Task A_new_uidvalidity_lists_everything_again_and_nothing_is_filed_twice()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Mailbox.Deliver(Mail("First"));
        h.Mailbox.Deliver(Mail("Second"));
        await h.RunOnceAsync();

        h.Mailbox.ResetUidValidity();
        h.Mailbox.Deliver(Mail("Third"));
        var counts = await h.RunOnceAsync();

        Assert.Equal(3, counts.Fetched); // listed afresh and downloaded under their new ids...
        Assert.Equal(1, counts.NewRecords); // ...but only the new one is filed
        Assert.Equal(2, counts.Skipped);
        Assert.Equal(new Dictionary<string, int> { ["First"] = 1, ["Second"] = 1, ["Third"] = 1 }, await h.FilingsBySubjectAsync());
        var duplicates = (await h.LedgerAsync()).Where(m => m.Outcome == MessageOutcome.Duplicate).ToList();
        Assert.Equal(2, duplicates.Count);
        Assert.All(duplicates, d => Assert.Equal(MessageState.Completed, d.State)); // still post-processed on the server
    }

    [Fact]
    public async Task A_message_whose_filing_fails_waits_in_not_handled_and_the_rest_of_its_group_is_filed()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Mailbox.Deliver(Mail("Fine one"));
        h.Mailbox.Deliver(Mail("This will explode"));
        h.Mailbox.Deliver(Mail("Fine two"));

        var counts = await h.RunOnceAsync();

        Assert.Equal(2, counts.NewRecords);
        Assert.Equal(1, counts.NotHandled);
        var filings = await h.FilingsBySubjectAsync();
        Assert.False(filings.ContainsKey("This will explode")); // its writes were rolled back to the savepoint
        var notHandled = Assert.Single(await h.Messages.ListNotHandledAsync(1, 10, default));
        Assert.Contains("record store refused", notHandled.Reason);
        Assert.Equal(3, h.Mailbox.Completed.Count); // not handled mail is post-processed too; its raw copy stays here
        await using (var raw = await h.Messages.OpenRawAsync(notHandled, default))
        {
            Assert.Contains("This will explode", await new StreamReader(raw).ReadToEndAsync());
        }

        Assert.True(await h.Messages.RetryAsync(notHandled.Id, default));
        var again = await h.RunOnceAsync();
        Assert.Equal(1, again.NotHandled); // still explodes: it stays in the list, with no second post-action
        Assert.Equal(3, h.Mailbox.Completed.Count);
    }

    [Fact]
    public async Task What_the_filer_wrote_for_a_message_it_sets_aside_is_undone_and_the_rest_of_its_group_stands()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Mailbox.Deliver(Mail("Fine one"));
        h.Mailbox.Deliver(Mail("Please set aside"));
        h.Mailbox.Deliver(Mail("Fine two"));

        var counts = await h.RunOnceAsync();

        Assert.Equal((2, 1), (counts.NewRecords, counts.NotHandled));
        var filings = await h.FilingsBySubjectAsync();
        Assert.Equal(["Fine one", "Fine two"], filings.Keys.Order(StringComparer.Ordinal).ToArray()); // its first action's write is gone
        var notHandled = Assert.Single(await h.Messages.ListNotHandledAsync(1, 10, default));
        Assert.Contains("the second action failed", notHandled.Reason);
        Assert.Equal(3, h.Mailbox.Completed.Count);
    }

    [Fact]
    public async Task A_refused_post_action_keeps_the_message_filed_and_is_tried_again_without_filing_again()
    {
        await using var h = await EngineHarness.CreateAsync("move:Missing");
        h.Mailbox.Deliver(Mail("Keep me"));
        h.Mailbox.RefusePostAction.Add("1:1");
        await h.RunOnceAsync();
        var row = Assert.Single(await h.LedgerAsync());
        Assert.Equal(MessageState.Filed, row.State);
        Assert.Contains("Mailbox doesn't exist", row.PostActionError);

        h.Mailbox.RefusePostAction.Clear();
        await h.RunOnceAsync();
        Assert.Equal(MessageState.Completed, Assert.Single(await h.LedgerAsync()).State);
        Assert.Equal(1, (await h.FilingsBySubjectAsync())["Keep me"]);
    }

    [Fact]
    public async Task Mail_left_received_by_a_crash_is_filed_on_the_next_run_and_a_message_that_keeps_killing_it_is_set_aside()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Mailbox.Deliver(Mail("Left behind"));
        var listing = await h.Mailbox.ListAsync(null, default);
        await using (var source = h.Mailbox.Raw(listing.Messages[0]))
        {
            await using var raw = await h.Messages.Spool.StageAsync(source, default);
            await h.Messages.ReceiveAsync([new ReceivedBatchItem(new ReceivedMessage { AccountId = 1, FolderKey = "INBOX", MailboxId = "1:1" }, raw)], null, default);
        }

        h.Mailbox.Deliver(Mail("Poison"));
        await using (var source = h.Mailbox.Raw((await h.Mailbox.ListAsync(null, default)).Messages[1]))
        {
            await using var raw = await h.Messages.Spool.StageAsync(source, default);
            var poison = Assert.Single(await h.Messages.ReceiveAsync([new ReceivedBatchItem(new ReceivedMessage { AccountId = 1, FolderKey = "INBOX", MailboxId = "1:2" }, raw)], null, default));
            for (var i = 0; i < 5; i++)
            {
                await h.Messages.CountAttemptAsync([poison.Id], default); // as if filing it had killed the process five times
            }
        }

        var counts = await h.RunOnceAsync();

        Assert.Equal(0, counts.Fetched); // both were already received
        Assert.Equal(1, counts.NewRecords);
        Assert.Equal(1, counts.NotHandled);
        Assert.Contains("stopped 5 times", Assert.Single(await h.Messages.ListNotHandledAsync(1, 10, default)).Reason);
        Assert.Equal(new Dictionary<string, int> { ["Left behind"] = 1 }, await h.FilingsBySubjectAsync());
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("move:Done")]
    public async Task A_filed_message_the_server_lists_again_gets_its_post_action_again_and_is_never_filed_again(string postAction)
    {
        // The fake keeps every message whatever the action, as a POP3 server restores what a dropped session
        // marked deleted; a checkpoint cleared (as after a crash before it moved) lists them all again.
        await using var h = await EngineHarness.CreateAsync(postAction);
        h.Mailbox.Deliver(Mail("Restored one"));
        h.Mailbox.Deliver(Mail("Restored two"));
        await h.RunOnceAsync();
        Assert.Equal(2, h.Mailbox.Completed.Count);
        await h.Monitors.SetCheckpointAsync(1, "Inbox", null, default);

        var counts = await h.RunOnceAsync();

        Assert.Equal(MonitorCheckCounts.Zero with { PostActionsRedone = 2 }, counts); // not downloaded, not filed, acted on again
        Assert.Equal(new Dictionary<string, int> { ["Restored one"] = 1, ["Restored two"] = 1 }, await h.FilingsBySubjectAsync());
        Assert.Equal(["1:1", "1:2", "1:1", "1:2"], h.Mailbox.Completed.Select(c => c.MailboxId));
        Assert.All(h.Mailbox.Completed, c => Assert.Equal(postAction, c.Action.ToString()));
        Assert.All(await h.LedgerAsync(), m => Assert.Equal(MessageState.Completed, m.State));
    }

    [Fact]
    public async Task With_mark_read_a_filed_message_listed_again_is_left_alone()
    {
        await using var h = await EngineHarness.CreateAsync("mark-read");
        h.Mailbox.Deliver(Mail("Stays in the folder"));
        await h.RunOnceAsync();
        await h.Monitors.SetCheckpointAsync(1, "Inbox", null, default);

        Assert.Equal(MonitorCheckCounts.Zero, await h.RunOnceAsync());

        Assert.Single(h.Mailbox.Completed); // marked read once; staying in the folder is what mark-read means
        Assert.Equal(1, (await h.FilingsBySubjectAsync())["Stays in the folder"]);
    }

    [Fact]
    public async Task A_message_above_the_size_limit_is_stored_whole_and_filed_from_its_headers()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Options.MaxMessageBytes = 2048;
        h.Mailbox.Deliver(Mail("Huge", body: new string('x', 10_000)));

        var counts = await h.RunOnceAsync();

        Assert.Equal(1, counts.NewRecords);
        var row = Assert.Single(await h.LedgerAsync());
        Assert.Equal("Huge", row.Subject);
        Assert.Contains("Too large", row.Reason);
        Assert.True(row.Size > 10_000);
    }

    [Fact]
    public async Task Messages_beyond_the_memory_kept_for_filing_are_read_back_from_the_ledger_and_filed_alike()
    {
        await using var h = await EngineHarness.CreateAsync("move:Done");
        var padding = new string('x', 2_000);
        for (var i = 0; i < 8; i++)
        {
            h.Mailbox.Deliver(Mail($"Request {i}", body: padding));
        }

        h.Options.KeptBytes = 5_000; // room for two of the eight: the other six are parsed from the ledger's copy

        var counts = await h.RunOnceAsync();

        Assert.Equal(new MonitorCheckCounts(8, 0, 8, 0, 0), counts);
        var filings = await h.FilingsBySubjectAsync();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"Request {i}").Order(), filings.Keys.Order());
        Assert.All(filings, f => Assert.Equal(1, f.Value));
        Assert.All(await h.LedgerAsync(), m => Assert.Equal(MessageState.Completed, m.State));
    }
}
