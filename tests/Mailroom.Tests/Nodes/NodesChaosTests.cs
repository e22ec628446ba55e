using System.Globalization;
using System.Text.Json;
using Dapper;
using Mailroom.Commands;
using Mailroom.Data;
using Mailroom.Data.Nodes;
using Mailroom.Testing;
using MimeKit;
using Xunit.Abstractions;

namespace Mailroom.Tests.Nodes;

/// <summary>
/// Three real <c>mailroom serve</c> processes on one fresh PostgreSQL database and the real Dovecot and Postfix:
/// mail arrives in six mailboxes and replies to customers are queued, while nodes are SIGKILLed and restarted at
/// random. Then every incoming message is on exactly one journal entry, every reply reached the customer once, and
/// when one more node is killed for good the two survivors hold every lease between them.
/// </summary>
/// <remarks>
/// The random choices come from a seed printed at the start (set MAILROOM_CHAOS_SEED to replay one). Each node has
/// its own data directory, as on its own machine: the account passwords sealed by the setup are unsealed by every
/// node only through the key ring shared in the database. Nothing here is timed beyond generous deadlines.
/// </remarks>
public sealed class NodesChaosTests(ITestOutputHelper output)
{
    // Scaled so the suite stays short on 2 cores; MAILROOM_CHAOS_MAILBOXES and MAILROOM_CHAOS_MESSAGES run the
    // issue's full scale (20 mailboxes, thousands of messages) by hand.
    private static readonly int Mailboxes = FromEnvironment("MAILROOM_CHAOS_MAILBOXES", 6);
    private static readonly int MessagesPerMailbox = FromEnvironment("MAILROOM_CHAOS_MESSAGES", 40);
    private const int Replies = 24;
    private const int MinKills = 4;

    [Fact]
    public async Task Nodes_killed_and_restarted_at_random_file_every_message_once_send_every_reply_once_and_survivors_hold_every_lease()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MAILROOM_CHAOS_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        output.WriteLine($"chaos seed {seed} (MAILROOM_CHAOS_SEED={seed} replays the same kills)");
        var random = new Random(seed);
        var run = Guid.NewGuid().ToString("N")[..8];
        var cs = await TestPostgres.CreateDatabaseAsync("nodes_chaos");
        var root = Directory.CreateTempSubdirectory("mailroom-chaos-").FullName;
        var nodes = new List<ServeNode>();
        try
        {
            // Six desk mailboxes with a monitor each, and a customer who receives the desk's replies.
            var customer = await MailServer.CreateUserAsync("chaoscust");
            var desks = (await Task.WhenAll(Enumerable.Range(0, Mailboxes).Select(_ => MailServer.CreateUserAsync("chaosdesk")))).ToList();

            var setup = Path.Combine(root, "setup");
            for (var i = 0; i < Mailboxes; i++)
            {
                var variable = $"MAILROOM_CHAOS_PW_{run}_{i}";
                Environment.SetEnvironmentVariable(variable, desks[i].Password);
                try
                {
                    await CliAsync(setup, cs, "accounts", "add", "imap", "--name", $"Desk{i}", "--incoming-server", MailServer.Host,
                        "--incoming-security", "ssl", "--smtp-server", MailServer.Host, "--smtp-port", "587", "--smtp-security", "starttls",
                        "--allow-invalid-certificate", "--available-to-users", "--user", desks[i].Address, "--password-env", variable,
                        "--from-address", desks[i].Address, "--default-from", desks[i].Address);
                }
                finally
                {
                    Environment.SetEnvironmentVariable(variable, null);
                }

                await CliAsync(setup, cs, "monitor", "set", $"Desk{i}", "--post-action", "mark-read", "--interval", "2", "--enable");
            }

            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} set up {Mailboxes} accounts with monitors");
            var environment = new Dictionary<string, string>
            {
                ["MAILROOM_DATABASE"] = cs,

                // A dead node's outbox claims come free after 30 s instead of the default 60 s, so the test need not wait long.
                ["Mailroom__Outbox__Lease"] = "00:00:30",
                ["Mailroom__Outbox__PollInterval"] = "00:00:02",
            };
            for (var i = 1; i <= 3; i++)
            {
                var node = new ServeNode($"n{i}", Path.Combine(root, $"n{i}"), environment);
                nodes.Add(node);
                node.Start();
            }

            // Replies queued while the nodes run and die: whichever nodes claim them, each must go out once.
            var replyIds = new List<string>();
            var queueing = Task.Run(async () =>
            {
                for (var i = 0; i < Replies; i++)
                {
                    var record = JsonDocument.Parse(await CliAsync(setup, cs, "records", "create", "--subject", $"Chaos reply record {i}", "--requester", customer.Address, "--json"));
                    var id = record.RootElement.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
                    var queued = JsonDocument.Parse(await CliAsync(setup, cs, "send", "--record", id, "--account", $"Desk{i % Mailboxes}",
                        "--to", customer.Address, "--subject", $"Chaos reply {run} {i}", "--body", $"Reply number {i}.", "--json"));
                    lock (replyIds)
                    {
                        replyIds.Add(Bare(queued.RootElement.GetProperty("messageId").GetString()!));
                    }
                }
            });

            // Deliver the mail over about forty seconds while nodes die and come back.
            var incoming = new List<string>();
            var delivering = Task.Run(async () =>
            {
                for (var m = 0; m < MessagesPerMailbox; m++)
                {
                    for (var d = 0; d < Mailboxes; d++)
                    {
                        var message = Request(run, desks[d].Address, d, m);
                        lock (incoming)
                        {
                            incoming.Add(Bare(message.MessageId!));
                        }

                        await MailServer.DeliverAsync(desks[d].Address, message);
                    }

                    await Task.Delay(800);
                }
            });

            var kills = 0;
            while (!delivering.IsCompleted || !queueing.IsCompleted || kills < MinKills)
            {
                await Task.Delay(random.Next(3_000, 8_000));
                var victim = nodes[random.Next(nodes.Count)];
                if (!victim.Running)
                {
                    continue;
                }

                await victim.KillAsync();
                kills++;
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} killed {victim.Name} (kill {kills})");
                await Task.Delay(random.Next(500, 4_000));
                victim.Start();
            }

            await delivering;
            await queueing;
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} delivered {incoming.Count} messages and queued {replyIds.Count} replies; {kills} kills");

            var expected = new HashSet<string>(incoming, StringComparer.OrdinalIgnoreCase);
            await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(Path.Combine(root, "check"), cs), CancellationToken.None);

            // Every message filed: each Message-ID on a journal entry, nothing left half-way in the ledger.
            var filed = await EventuallyAsync(TimeSpan.FromMinutes(3), "every message filed, none left received", async () =>
            {
                await using var connection = await database.OpenAsync(CancellationToken.None);
                var ids = (await connection.QueryAsync<string?>("SELECT message_id FROM mail_history")).Where(id => id is not null).Select(id => Bare(id!)).ToList();
                var open = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM monitor_messages WHERE state = '{Data.Monitor.MessageState.Received}'");
                return (Done: open == 0 && expected.IsSubsetOf(ids), Value: ids);
            }, nodes);
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} every message filed");
            var perMessage = filed.Where(expected.Contains).GroupBy(id => id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            Assert.Equal(Mailboxes * MessagesPerMailbox, perMessage.Count);
            var doubled = perMessage.Where(p => p.Value != 1).Select(p => $"{p.Key} x{p.Value}").ToList();
            Assert.True(doubled.Count == 0, $"seed {seed}: filed more than once: {string.Join(", ", doubled)}");

            // Every reply sent: the outbox says so, and the customer's mailbox holds each once. The outbox promises
            // the very same bytes again only for a try whose outcome died with its node (unknown_outcome).
            var outbox = await EventuallyAsync(TimeSpan.FromMinutes(3), $"all {Replies} replies sent", async () =>
            {
                await using var connection = await database.OpenAsync(CancellationToken.None);
                var rows = (await connection.QueryAsync<(string MessageId, string State, bool UnknownOutcome)>(
                    "SELECT message_id, state, unknown_outcome FROM outbox")).ToList();
                return (Done: rows.Count == Replies && rows.All(r => r.State == "sent"), Value: rows);
            }, nodes);
            var arrived = await MailServer.WaitForMessagesAsync(customer, Replies, timeout: TimeSpan.FromMinutes(3));
            var copies = arrived.GroupBy(m => Bare(m.MessageId ?? ""), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            Assert.Equal(replyIds.Order(StringComparer.OrdinalIgnoreCase), copies.Keys.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
            var unknown = outbox.Where(r => r.UnknownOutcome).Select(r => Bare(r.MessageId)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var sentTwice = copies.Where(c => c.Value > 1 && !unknown.Contains(c.Key)).Select(c => $"{c.Key} x{c.Value}").ToList();
            Assert.True(sentTwice.Count == 0, $"seed {seed}: sent more than once: {string.Join(", ", sentTwice)}");
            output.WriteLine($"replies: {Replies} sent; {unknown.Count} had a try cut off by a kill; {copies.Count(c => c.Value > 1)} arrived twice");

            // One node killed for good: its leases move to the survivors, which split the six monitors three and three
            // (its heartbeat and leases run out after 15 s; the deadline is generous for a loaded machine).
            var last = nodes[random.Next(nodes.Count)];
            await last.KillAsync();
            var survivors = nodes.Where(n => n != last).Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} killed {last.Name} for good; survivors {string.Join(", ", survivors)}");
            var store = new NodeLeaseStore(database);
            var accountIds = (await new Data.Monitor.MonitorStore(database, TimeProvider.System).ListAsync(CancellationToken.None)).Select(m => m.AccountId).Order().ToList();
            Assert.Equal(Mailboxes, accountIds.Count);
            await EventuallyAsync(TimeSpan.FromMinutes(3), "the survivors holding every monitor, split evenly", async () =>
            {
                var held = await store.HeldAsync(CancellationToken.None);
                var live = (await store.ListLiveAsync(CancellationToken.None)).Select(n => n.Name).ToList();
                var done = live.SequenceEqual(survivors)
                    && held.Keys.Order().SequenceEqual(accountIds)
                    && held.Values.All(survivors.Contains)
                    && survivors.All(s => held.Values.Count(h => h == s) == Mailboxes / survivors.Count);
                return (done, held);
            }, nodes);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }

            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The command tree in this process against the shared database (setup only; the nodes are processes).</summary>
    private static async Task<string> CliAsync(string dataDirectory, string database, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await MailroomRootCommand.InvokeAsync(
            Program.CreateRootCommand(),
            ["--data-dir", dataDirectory, "--database", database, .. args],
            new System.CommandLine.InvocationConfiguration { Output = stdout, Error = stderr });
        Assert.True(code == 0, $"mailroom {string.Join(' ', args)}: exit {code}\n{stderr}");
        return stdout.ToString();
    }

    /// <summary>
    /// Polls <paramref name="check"/> until it says done; past the deadline the test fails with the nodes' last
    /// lines. Only "eventually, within the deadline" is asserted, never how fast.
    /// </summary>
    private async Task<T> EventuallyAsync<T>(TimeSpan deadline, string what, Func<Task<(bool Done, T Value)>> check, IReadOnlyList<ServeNode> nodes)
    {
        try
        {
            return (await WaitFor.ValueAsync(check, c => c.Done, deadline, what, TimeSpan.FromSeconds(1), _ => "not yet")).Value;
        }
        catch (TimeoutException e)
        {
            foreach (var node in nodes)
            {
                output.WriteLine($"==== {node.Name} ====\n{node.Log()}");
            }

            var states = string.Join(", ", nodes.Select(n => $"{n.Name} {(n.Running ? "running" : $"exited {n.ExitCode}")} after {n.Starts} starts"));
            throw new TimeoutException($"{e.Message} {states} (the nodes' logs are in the test output)", e);
        }
    }

    private static MimeMessage Request(string run, string to, int desk, int number)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress($"Customer {desk}-{number}", $"c{desk}-{number}-{run}@chaos.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = $"Chaos request {run} desk {desk} number {number:000}";
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("chaos.test");
        message.Body = new TextPart("plain") { Text = $"Please help with request {number} at desk {desk}.\n" };
        return message;
    }

    private static string Bare(string messageId) => messageId.Trim().Trim('<', '>');

    private static int FromEnvironment(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
