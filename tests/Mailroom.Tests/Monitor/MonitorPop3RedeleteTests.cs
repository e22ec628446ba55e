using System.Globalization;
using System.Text.Json;
using Mailroom.Core.Records;
using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Testing;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// POP3 only removes a message marked deleted (DELE) at QUIT; a session that drops before QUIT has the server restore
/// it. With the real command and the real Dovecot: <c>mailroom monitor run --once</c> is killed (SIGKILL, the engine's
/// fault-injection seam) at a step before QUIT, so Dovecot keeps the message; the next run files nothing twice and
/// leaves the maildrop empty.
/// </summary>
public sealed class MonitorPop3RedeleteTests
{
    /// <summary>
    /// The engine's steps for one message: 1 raw bytes and ledger row committed (received), 2 filing committed, 3 DELE
    /// sent, 4 marked completed. Killing after 2 or 3 leaves the ledger at filed; after 4 it says completed although the
    /// message is back on the server: the case a completed message must be deleted again for.
    /// </summary>
    [Theory]
    [InlineData(2, MessageState.Filed)]
    [InlineData(3, MessageState.Filed)]
    [InlineData(4, MessageState.Completed)]
    public async Task Killed_before_QUIT_the_restored_message_is_deleted_on_the_next_run_and_filed_once(int crashAfter, string stateAfterCrash)
    {
        var desk = await MailServer.CreateUserAsync("pop3redele");
        var customer = $"customer-{Guid.NewGuid().ToString("N")[..6]}@{MailServer.DefaultDomain}";
        var subject = $"Restored by a dropped session {Guid.NewGuid().ToString("N")[..6]}";
        await MailServer.DeliverAsync(desk.Address, FilingHarness.Mail(customer, desk.Address, subject, "Please help."));
        await MailServer.WaitForMessagesAsync(desk, 1);

        var data = Path.Combine(Path.GetTempPath(), "mailroom-pop3-" + Guid.NewGuid().ToString("N")[..10]);
        var env = new Dictionary<string, string> { ["MONITOR_TEST_PASSWORD"] = desk.Password };
        try
        {
            var add = await MailroomProcess.RunAsync(data, env, "accounts", "add", "pop3", "--name", "Desk", "--incoming-server", MailServer.Host,
                "--incoming-security", "ssl", "--smtp-server", MailServer.Host, "--smtp-port", "587", "--smtp-security", "starttls",
                "--allow-invalid-certificate", "--user", desk.Address, "--password-env", "MONITOR_TEST_PASSWORD");
            Assert.True(add.ExitCode == 0, add.Error);
            var set = await MailroomProcess.RunAsync(data, env, "monitor", "set", "Desk", "--enable");
            Assert.True(set.ExitCode == 0, set.Error);

            var killed = await MailroomProcess.RunAsync(data, new Dictionary<string, string>(env) { ["MAILROOM_CRASH_AFTER"] = crashAfter.ToString(CultureInfo.InvariantCulture) },
                "monitor", "run", "--once", "--account", "Desk");
            Assert.True(killed.ExitCode != 0, $"the run was meant to be killed after step {crashAfter} but finished: {killed.Output}");

            await using (var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(data), default))
            {
                var row = Assert.Single(await new MonitorMessageStore(database, new RawMessageSpool(data, TimeProvider.System), TimeProvider.System).ListForAccountAsync(1, 10, default));
                Assert.Equal(stateAfterCrash, row.State);
            }

            Assert.Equal(1, await CountOnServerAsync(desk)); // the session died before QUIT: Dovecot restored the message

            var again = await MailroomProcess.RunAsync(data, env, "monitor", "run", "--once", "--account", "Desk", "--json");
            Assert.True(again.ExitCode == 0, again.Error);
            using (var summary = JsonDocument.Parse(again.Output))
            {
                var total = summary.RootElement;
                Assert.Equal((0, 0, 0), (total.GetProperty("fetched").GetInt32(), total.GetProperty("filedExisting").GetInt32(), total.GetProperty("newRecords").GetInt32()));

                // A completed message listed again is the redone case; a filed one is just finished, as any other.
                var redone = stateAfterCrash == MessageState.Completed ? 1 : 0;
                Assert.Equal(redone, total.GetProperty("postActionsRedone").GetInt32());
                Assert.Equal(redone, total.GetProperty("accounts")[0].GetProperty("postActionsRedone").GetInt32());
            }

            Assert.Equal(0, await CountOnServerAsync(desk)); // deleted again, and this time committed
            var final = await MailroomProcess.RunAsync(data, env, "monitor", "run", "--once", "--account", "Desk");
            Assert.True(final.ExitCode == 0, final.Error);
            Assert.Contains("fetched 0, filed on existing records 0, new records 0, skipped 0, not handled 0, post-actions done again 0", final.Output);

            await using (var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(data), default))
            {
                var record = Assert.Single((await new RecordStore(database, TimeProvider.System).ListAsync(new RecordQuery(Search: subject), default)).Records);
                var journal = await new JournalStore(database, TimeProvider.System).ListForRecordAsync(record.Id, default);
                Assert.Single(journal, e => e.Mail?.Direction == MailDirection.Incoming);
                var row = Assert.Single(await new MonitorMessageStore(database, new RawMessageSpool(data, TimeProvider.System), TimeProvider.System).ListForAccountAsync(1, 10, default));
                Assert.Equal(MessageState.Completed, row.State);
            }
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

    /// <summary>How many messages the maildrop holds, seen by a fresh POP3 session that QUITs without deleting.</summary>
    private static async Task<int> CountOnServerAsync(MailUser user)
    {
        using var pop3 = await MailServer.ConnectPop3Async(user);
        var count = pop3.Count;
        await pop3.DisconnectAsync(true);
        return count;
    }
}
