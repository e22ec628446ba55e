using Mailroom.Core.Records;
using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Testing.Graph;
using Mailroom.Testing.OAuth;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Crash safety of the monitor on a Microsoft 365 account, as <see cref="MonitorCrashTests"/> for IMAP: the real
/// <c>mailroom monitor run --once</c> (its own token source buying client-credentials tokens from the local
/// authorization server, its Graph client talking to the in-process Graph server) is killed with SIGKILL at a
/// different step each time and started again until a run finishes; then every message is on exactly one record
/// and moved on the server.
/// </summary>
public sealed class GraphMonitorCrashTests
{
    private const int Messages = 120;
    private const string Address = "crash365@contoso.example";

    [Fact]
    public async Task Killed_at_many_points_and_restarted_every_graph_message_is_filed_once_and_moved()
    {
        await using var identity = await OAuthTestServer.StartAsync();
        await using var graph = await GraphTestServer.StartAsync(new GraphTestServerOptions { SigningKey = identity.SigningKey });
        var app = identity.AddClient("crash-secret");
        var mailbox = graph.AddMailbox(Address);
        for (var i = 0; i < Messages; i++)
        {
            mailbox.AddMessage(
                $"From: Customer {i} <customer{i}@crash.test>\r\nTo: {Address}\r\nSubject: Graph crash request {i:000}\r\nMessage-ID: <crash-{i}-{Guid.NewGuid():N}@crash.test>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nContent-Type: text/plain\r\n\r\nPlease help with request {i}.\r\n",
                received: DateTimeOffset.UtcNow.AddSeconds(i - 1000));
        }

        var data = Path.Combine(Path.GetTempPath(), "mailroom-graphcrash-" + Guid.NewGuid().ToString("N")[..10]);
        // Batches of 10 filed in groups of 5: a batch is durable in one commit, so small batches give the random kills
        // (within 30 steps) durable progress between them and enough steps to land on.
        var env = new Dictionary<string, string>
        {
            ["GRAPH_TEST_SECRET"] = "crash-secret",
            ["Mailroom__Monitor__FetchBatch"] = "10",
            ["Mailroom__Monitor__GroupSize"] = "5",
        };
        try
        {
            var add = await MailroomProcess.RunAsync(data, env, "accounts", "add", "graph", "--name", "Crash365", "--tenant", identity.Tenant,
                "--client-id", app.ClientId, "--client-secret-env", "GRAPH_TEST_SECRET", "--mailbox", Address,
                "--authority", identity.Authority, "--graph-url", graph.GraphUrl);
            Assert.True(add.ExitCode == 0, add.Error);
            var set = await MailroomProcess.RunAsync(data, env, "monitor", "set", "Crash365", "--post-action", "move:Filed", "--enable");
            Assert.True(set.ExitCode == 0, set.Error);

            var random = new Random(13);
            var kills = 0;
            var runs = 0;
            while (true)
            {
                runs++;
                Assert.True(runs < 80, $"no run finished after {runs} attempts ({kills} kills)");
                var crashAfter = random.Next(1, 30);
                var run = await MailroomProcess.RunAsync(data, new Dictionary<string, string>(env) { ["MAILROOM_CRASH_AFTER"] = crashAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    "monitor", "run", "--once", "--account", "Crash365");
                if (run.ExitCode == 137 || run.ExitCode == -1 || run.ExitCode == 255 && run.Output.Length == 0)
                {
                    kills++;
                    continue;
                }

                Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
                break;
            }

            Assert.True(kills >= 5, $"only {kills} runs were killed; the test did not exercise crashes");
            var final = await MailroomProcess.RunAsync(data, env, "monitor", "run", "--once", "--account", "Crash365", "--json");
            Assert.True(final.ExitCode == 0, final.Error);
            Assert.Contains("\"fetched\": 0", final.Output);

            await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(data), default);
            var page = await new RecordStore(database, TimeProvider.System).ListAsync(new RecordQuery(Search: "Graph crash request", Limit: 1000), default);
            var expected = Enumerable.Range(0, Messages).Select(i => $"Graph crash request {i:000}").ToList();
            Assert.Equal(expected.Order(), page.Records.Select(r => r.Subject).Order()); // every message once, none twice, none lost

            var ledger = await new MonitorMessageStore(database, new RawMessageSpool(data, TimeProvider.System), TimeProvider.System).ListForAccountAsync(1, 10_000, default);
            Assert.Equal(Messages, ledger.Count);
            Assert.All(ledger, m => Assert.Equal(MessageState.Completed, m.State));
            Assert.Empty(mailbox.Messages("inbox")); // the post-action ran for every message
            Assert.Equal(Messages, mailbox.Messages("Filed").Count);
            Assert.Single(mailbox.Folders, f => f.DisplayName == "Filed");
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
}
