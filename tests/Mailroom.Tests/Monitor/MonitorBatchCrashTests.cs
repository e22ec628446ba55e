using Mailroom.Core.Records;
using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Testing;
using MailKit;
using MimeKit;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Crash safety inside a batch, with the real command and the real Dovecot: <c>mailroom monitor run --once</c> is
/// killed (SIGKILL, through <c>MAILROOM_CRASH_AT</c>) at one named point inside a batch (in the middle of a fetched
/// UID set, after a segment is written but before its commit makes it durable, between a filing commit and its
/// post-action, between a post-action and its completed mark), then run again; every message must end on exactly one
/// record, completed in the ledger and marked read on the server. Small batches (20 per fetch, 10 per filing group)
/// put the kill in the middle of the work, not at its edges; the next batch downloads while one is filed, so a kill
/// during filing may find one more batch durable, never a part of one.
/// </summary>
public sealed class MonitorBatchCrashTests
{
    private const int Messages = 60;

    [Theory]
    [InlineData("fetched:25", 20, 20)] // the 5th message of the second fetch set: the first batch is all the ledger has
    [InlineData("before-receive-commit:2", 20, 20)] // the second batch written, not committed: none of it is kept
    [InlineData("after-filing-commit:1", 20, 40)] // the first group filed, not yet marked read (the second batch downloading meanwhile)
    [InlineData("after-post-action:1", 40, 40)] // the first group marked read, the ledger not yet told; the second batch was downloaded first
    public async Task Killed_inside_a_batch_and_restarted_every_message_is_filed_once_and_marked_read(string crashAt, int leastRowsAtKill, int mostRowsAtKill)
    {
        var user = await MailServer.CreateUserAsync("batchcrash");
        using (var imap = await MailServer.ConnectImapAsync(user))
        {
            await imap.Inbox.OpenAsync(FolderAccess.ReadWrite);
            await imap.Inbox.AppendAsync(Enumerable.Range(0, Messages).Select(i => (IAppendRequest)new AppendRequest(Message(user.Address, i), MessageFlags.None)).ToList());
            await imap.DisconnectAsync(true);
        }

        var data = Path.Combine(Path.GetTempPath(), "mailroom-batchcrash-" + Guid.NewGuid().ToString("N")[..10]);
        var env = new Dictionary<string, string>
        {
            ["MONITOR_TEST_PASSWORD"] = user.Password,
            ["Mailroom__Monitor__FetchBatch"] = "20",
            ["Mailroom__Monitor__GroupSize"] = "10",
        };
        try
        {
            var add = await MailroomProcess.AddImapAccountAsync(data, env, "Crash", user.Address);
            Assert.True(add.ExitCode == 0, add.Error);
            var set = await MailroomProcess.RunAsync(data, env, "monitor", "set", "Crash", "--post-action", "mark-read", "--enable");
            Assert.True(set.ExitCode == 0, set.Error);

            var killed = await MailroomProcess.RunAsync(data, new Dictionary<string, string>(env) { ["MAILROOM_CRASH_AT"] = crashAt }, "monitor", "run", "--once", "--account", "Crash");
            Assert.True(killed.ExitCode == 137, $"the run was to be killed at {crashAt} but exited {killed.ExitCode}: {killed.Error}");
            Assert.InRange((await LedgerAsync(data)).Count, leastRowsAtKill, mostRowsAtKill); // what was durable at the kill, whole batches only

            var again = await MailroomProcess.RunAsync(data, env, "monitor", "run", "--once", "--account", "Crash");
            Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}: {again.Error}");

            await using (var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(data), default))
            {
                var page = await new RecordStore(database, TimeProvider.System).ListAsync(new RecordQuery(Search: "Batch crash request", Limit: 1000), default);
                Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"Batch crash request {i:000}"), page.Records.Select(r => r.Subject).Order());
            }

            var ledger = await LedgerAsync(data);
            Assert.Equal(Messages, ledger.Count);
            Assert.All(ledger, m => Assert.Equal(MessageState.Completed, m.State));

            using var check = await MailServer.ConnectImapAsync(user);
            await check.Inbox.OpenAsync(FolderAccess.ReadOnly);
            Assert.Empty(await check.Inbox.SearchAsync(MailKit.Search.SearchQuery.NotSeen)); // every post-action done
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<IReadOnlyList<ReceivedMessage>> LedgerAsync(string data)
    {
        await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(data), default);
        return await new MonitorMessageStore(database, new RawMessageSpool(data, TimeProvider.System), TimeProvider.System).ListForAccountAsync(1, 10_000, default);
    }

    private static MimeMessage Message(string to, int i)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress($"Customer {i}", $"customer{i}@batchcrash.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"Batch crash request {i:000}";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("batchcrash.test");
        message.Body = new TextPart("plain") { Text = $"Please help with request {i}.\n" };
        return message;
    }
}
