using System.Text.Json;
using Mailroom.Testing;
using Mailroom.Testing.Faults;
using Xunit.Abstractions;

namespace Mailroom.Tests.Faults;

/// <summary>
/// Two <c>mailroom serve</c> nodes on one PostgreSQL database file mail from two mailboxes while the PostgreSQL server
/// is stopped (every session cut off) in the middle of the filing and started again: each node logs that it lost the
/// database, both carry on by themselves, every message ends on exactly one journal entry, and both nodes are live again (what <c>nodes list</c> shows), holding a monitor each.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class PostgresRestartFaultTests(ITestOutputHelper output)
{
    private const int Mailboxes = 2;

    [Fact]
    public async Task PostgreSQL_restarted_mid_filing_both_nodes_resume_and_every_message_is_filed_once()
    {
        var cs = await FaultPostgres.CreateDatabaseAsync("faults_nodes");
        var desks = await Task.WhenAll(Enumerable.Range(0, Mailboxes).Select(_ => MailServer.CreateUserAsync("pgdesk")));
        var run = Guid.NewGuid().ToString("N")[..8];

        await using var fd = new FaultDesk(output, cs);
        for (var i = 0; i < Mailboxes; i++)
        {
            await fd.AddImapAccountAsync($"Desk{i}", desks[i], MailServer.ImapsPort, MailServer.SubmissionPort, "--smtp-security", "starttls");
            await fd.CliAsync("monitor", "set", $"Desk{i}", "--post-action", "mark-read", "--interval", "2", "--enable");
        }

        var environment = new Dictionary<string, string> { ["Mailroom__Monitor__GroupSize"] = "5" };
        var nodes = new[] { fd.Start("n1", environment), fd.Start("n2", environment) };
        try
        {
            await fd.UntilAsync("both nodes were live, holding a monitor each", TimeSpan.FromMinutes(2), BothHoldOneAsync);

            // Mail keeps arriving, in both mailboxes, before, during and after the outage (until 10 more per mailbox
            // came after PostgreSQL was back).
            var expected = new List<string>();
            var backAt = -1;
            int Delivered()
            {
                lock (expected)
                {
                    return expected.Count;
                }
            }

            var delivering = Task.Run(async () =>
            {
                for (var m = 0; m < 500 && (Volatile.Read(ref backAt) < 0 || m < Volatile.Read(ref backAt) + 10); m++)
                {
                    for (var d = 0; d < Mailboxes; d++)
                    {
                        var message = FaultDesk.Request(run, desks[d].Address, (d * 1000) + m);
                        lock (expected)
                        {
                            expected.Add(FaultDesk.Bare(message.MessageId!));
                        }

                        await MailServer.DeliverAsync(desks[d].Address, message);
                    }

                    await Task.Delay(100);
                }
            });

            // Stopped while the nodes file (the positive signal: the first records), and started again once both nodes
            // said they lost the database: a restart whose outage each node saw, however fast the machine.
            await fd.UntilAsync("the nodes filed their first messages", TimeSpan.FromMinutes(2), async () => (await fd.FiledMessageIdsAsync()).Count > 0);
            await FaultPostgres.StopAsync();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} PostgreSQL stopped with {Delivered()} messages delivered");
            foreach (var node in nodes)
            {
                await node.WaitForLineAsync("could not renew its heartbeat and leases", TimeSpan.FromMinutes(1));
            }

            await FaultPostgres.StartAsync();
            lock (expected)
            {
                Volatile.Write(ref backAt, expected.Count / Mailboxes);
            }

            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} PostgreSQL started again with {Delivered()} messages delivered");
            Assert.False(delivering.IsCompleted, "delivery ended before PostgreSQL came back");
            await delivering;

            var want = new HashSet<string>(expected, StringComparer.OrdinalIgnoreCase);
            await fd.UntilAsync("every message was filed after the restart", TimeSpan.FromMinutes(2), async () =>
                want.IsSubsetOf(await fd.FiledMessageIdsAsync()) && await fd.LedgerCountAsync("received") == 0);
            var filed = (await fd.FiledMessageIdsAsync()).Where(want.Contains).ToList();
            var doubled = filed.GroupBy(id => id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
            Assert.True(doubled.Count == 0, $"filed more than once: {string.Join(", ", doubled)}");
            Assert.Equal(want.Count, filed.Count);

            // Both nodes are still the same processes, live again, and the monitors show no error left.
            Assert.All(nodes, n => Assert.True(n.Running, $"{n.Name} exited ({n.ExitCode}) after the restart"));
            await fd.UntilAsync("both nodes were live again, holding a monitor each", TimeSpan.FromMinutes(1), BothHoldOneAsync);
            for (var i = 0; i < Mailboxes; i++)
            {
                var account = $"Desk{i}";
                await fd.UntilAsync($"monitor show {account} had no last error", TimeSpan.FromMinutes(1), async () =>
                    (await fd.MonitorShowAsync(account)).GetProperty("lastError").ValueKind == JsonValueKind.Null);
            }
        }
        catch
        {
            fd.WriteLogs();
            throw;
        }

        async Task<bool> BothHoldOneAsync()
        {
            var live = await fd.LiveNodesAsync();
            return live.Count == 2 && live.GetValueOrDefault("n1") == 1 && live.GetValueOrDefault("n2") == 1;
        }
    }
}
