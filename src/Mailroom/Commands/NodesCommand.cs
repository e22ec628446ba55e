using System.CommandLine;
using Mailroom.Data.Nodes;

namespace Mailroom.Commands;

/// <summary><c>mailroom nodes list</c>: the live <c>mailroom serve</c> nodes on this database and the accounts each holds.</summary>
internal static class NodesCommand
{
    public static Command Create()
    {
        var command = new Command("nodes", "The mailroom serve nodes sharing this database.");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List the live nodes (heartbeat within the lease time to live) and the accounts whose monitors each holds.") { json };
        CommandRunner.SetAction(list, async (context, ct) =>
        {
            var nodes = await context.Get<NodeLeaseStore>().ListLiveAsync(ct);
            if (context.GetValue(json))
            {
                context.WriteJson(
                    new
                    {
                        nodes = nodes.Select(n => new
                        {
                            n.Name,
                            n.StartedAt,
                            n.HeartbeatAt,
                            accounts = n.Accounts.Select(a => new { a.AccountId, FencingToken = a.Token, ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(a.ExpiresAt) }),
                        }),
                    });
                return ExitCodes.Done;
            }

            if (nodes.Count == 0)
            {
                await context.Out.WriteLineAsync("No live nodes: no mailroom serve has sent a heartbeat to this database lately.");
                return ExitCodes.Done;
            }

            foreach (var node in nodes)
            {
                var accounts = node.Accounts.Count == 0 ? "no accounts" : "accounts " + string.Join(", ", node.Accounts.Select(a => a.AccountId));
                await context.Out.WriteLineAsync($"{node.Name}  (started {node.StartedAt:u}, heartbeat {node.HeartbeatAt:u}): {accounts}");
            }

            return ExitCodes.Done;
        });
        command.Subcommands.Add(list);
        return command;
    }
}
