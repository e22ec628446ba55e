using System.CommandLine;
using System.Text.Json;
using Mailroom.Data;
using Mailroom.Data.Nodes;

namespace Mailroom.Commands;

/// <summary><c>mailroom nodes list</c>: the live <c>mailroom serve</c> nodes on this database and the accounts each holds.</summary>
internal static class NodesCommand
{
    public static Command Create(Func<ParseResult, DatabaseOptions> databaseOptions)
    {
        var command = new Command("nodes", "The mailroom serve nodes sharing this database.");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List the live nodes (heartbeat within the lease time to live) and the accounts whose monitors each holds.") { json };
        list.SetAction(async (parseResult, ct) =>
        {
            await using var database = await MailroomDatabase.OpenAndMigrateAsync(databaseOptions(parseResult), ct);
            var nodes = await new NodeLeaseStore(database).ListLiveAsync(ct);
            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        nodes = nodes.Select(n => new
                        {
                            n.Name,
                            n.StartedAt,
                            n.HeartbeatAt,
                            accounts = n.Accounts.Select(a => new { a.AccountId, FencingToken = a.Token, ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(a.ExpiresAt) }),
                        }),
                    },
                    CommandOutput.Json));
                return 0;
            }

            if (nodes.Count == 0)
            {
                Console.Out.WriteLine("No live nodes: no mailroom serve has sent a heartbeat to this database lately.");
                return 0;
            }

            foreach (var node in nodes)
            {
                var accounts = node.Accounts.Count == 0 ? "no accounts" : "accounts " + string.Join(", ", node.Accounts.Select(a => a.AccountId));
                Console.Out.WriteLine($"{node.Name}  (started {node.StartedAt:u}, heartbeat {node.HeartbeatAt:u}): {accounts}");
            }

            return 0;
        });
        command.Subcommands.Add(list);
        return command;
    }
}
