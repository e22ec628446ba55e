using Mailroom.Core.Records;
using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Testing;
using MailKit;
using MimeKit;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Crash safety with the real command and the real Dovecot: <c>mailroom monitor run --once</c> is killed (SIGKILL,
/// through the engine's fault-injection seam) at a different step each time over hundreds of messages and started
/// again, until a run finishes; then every message must be on exactly one record and marked read on the server.
/// </summary>
public sealed class MonitorCrashTests
{
    private const int Messages = 200;

    [Fact]
    public async Task Killed_at_many_points_and_restarted_every_message_is_filed_exactly_once()
    {
        var user = await MailServer.CreateUserAsync("crash");
        using (var imap = await MailServer.ConnectImapAsync(user))
        {
            var inbox = imap.Inbox;
            await inbox.OpenAsync(FolderAccess.ReadWrite);
            var requests = Enumerable.Range(0, Messages).Select(i => (IAppendRequest)new AppendRequest(Message(user.Address, i), MessageFlags.None)).ToList();
            foreach (var chunk in requests.Chunk(50))
            {
                await inbox.AppendAsync(chunk);
            }

            await imap.DisconnectAsync(true);
        }

        var data = Path.Combine(Path.GetTempPath(), "mailroom-crash-" + Guid.NewGuid().ToString("N")[..10]);
        // Batches of 10 filed in groups of 5 (about 140 steps for the 200 messages), killed within 30 steps: every kill
        // lands after some durable progress (a batch is made durable in one commit, so a kill inside one costs only
        // that batch), and the runs are killed many times before one finishes.
        var env = new Dictionary<string, string>
        {
            ["MONITOR_TEST_PASSWORD"] = user.Password,
            ["Mailroom__Monitor__FetchBatch"] = "10",
            ["Mailroom__Monitor__GroupSize"] = "5",
        };
        try
        {
            var add = await MailroomProcess.AddImapAccountAsync(data, env, "Crash", user.Address);
            Assert.True(add.ExitCode == 0, add.Error);
            var set = await MailroomProcess.RunAsync(data, env, "monitor", "set", "Crash", "--post-action", "mark-read", "--enable");
            Assert.True(set.ExitCode == 0, set.Error);

            var random = new Random(6);
            var kills = 0;
            MailroomProcess.Result last;
            var runs = 0;
            while (true)
            {
                runs++;
                Assert.True(runs < 80, $"no run finished after {runs} attempts ({kills} kills)");
                var crashAfter = random.Next(1, 30);
                last = await MailroomProcess.RunAsync(data, new Dictionary<string, string>(env) { ["MAILROOM_CRASH_AFTER"] = crashAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    "monitor", "run", "--once", "--account", "Crash");
                if (last.ExitCode == 137 || last.ExitCode == -1 || last.ExitCode == 255 && last.Output.Length == 0)
                {
                    kills++;
                    continue;
                }

                Assert.True(last.ExitCode == 0, $"exit {last.ExitCode}: {last.Error}");
                break;
            }

            Assert.True(kills >= 5, $"only {kills} runs were killed; the test did not exercise crashes");

            // A final run with nothing waiting changes nothing.
            var final = await MailroomProcess.RunAsync(data, env, "monitor", "run", "--once", "--account", "Crash", "--json");
            Assert.True(final.ExitCode == 0, final.Error);
            Assert.Contains("\"fetched\": 0", final.Output);

            await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(data), default);
            var page = await new RecordStore(database, TimeProvider.System).ListAsync(new RecordQuery(Search: "Crash test request", Limit: 1000), default);
            var subjects = page.Records.Select(r => r.Subject).ToList();
            var expected = Enumerable.Range(0, Messages).Select(i => $"Crash test request {i:000}").ToList();
            Assert.Equal(expected.Order(), subjects.Order()); // every message once, none twice, none lost

            var ledger = await new MonitorMessageStore(database, new RawMessageSpool(data, TimeProvider.System), TimeProvider.System).ListForAccountAsync(1, 10_000, default);
            Assert.Equal(Messages, ledger.Count);
            Assert.All(ledger, m => Assert.Equal(MessageState.Completed, m.State));

            using var check = await MailServer.ConnectImapAsync(user);
            await check.Inbox.OpenAsync(FolderAccess.ReadOnly);
            var unseen = await check.Inbox.SearchAsync(MailKit.Search.SearchQuery.NotSeen);
            Assert.Empty(unseen); // the post-action ran for every message
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

    private static MimeMessage Message(string to, int i)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress($"Customer {i}", $"customer{i}@crash.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"Crash test request {i:000}";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("crash.test");
        message.Body = new TextPart("plain") { Text = $"Please help with request {i}.\n" };
        return message;
    }
}
