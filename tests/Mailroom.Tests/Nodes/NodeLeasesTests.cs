using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Data.Nodes;
using Mailroom.Monitor;
using Mailroom.Nodes;
using Mailroom.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mailroom.Tests.Nodes;

/// <summary>Three nodes' heartbeats on one real PostgreSQL database: fair spread, takeover from a silent node, fencing.</summary>
public sealed class NodeLeasesTests
{
    private static readonly NodeLeaseOptions Short = new()
    {
        TimeToLive = TimeSpan.FromSeconds(2),
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        StopMargin = TimeSpan.FromMilliseconds(500),
    };

    [Fact]
    public async Task Seven_monitors_spread_over_three_nodes_and_a_silent_nodes_share_moves_to_the_survivors_which_fence_it_out()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("nodeleases");
        await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(Path.GetTempPath(), cs), CancellationToken.None);
        var monitors = new MonitorStore(database);
        for (long account = 1; account <= 7; account++)
        {
            await monitors.SaveAsync(new MonitorSettings { AccountId = account, Enabled = true }, CancellationToken.None);
        }

        var store = new NodeLeaseStore(database);
        var nodes = new[] { "n1", "n2", "n3" }.Select(name => new NodeLeases(
            new NodeIdentity(name), store, monitors, Short, TimeProvider.System, NullLogger<NodeLeases>.Instance)).ToArray();

        // n1 alone first takes everything, then the others join and the extras move to them.
        await nodes[0].TickAsync(CancellationToken.None);
        Assert.Equal(7, nodes[0].HeldAccounts.Count);
        for (var round = 0; round < 6; round++)
        {
            foreach (var node in nodes)
            {
                await node.TickAsync(CancellationToken.None);
            }
        }

        Assert.All(nodes, n => Assert.InRange(n.HeldAccounts.Count, 2, 3));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), nodes.SelectMany(n => n.HeldAccounts).Order());

        // n3 goes silent (as if killed): the survivors take its accounts once its leases and heartbeat run out.
        var silent = nodes[2];
        var orphaned = silent.HeldAccounts.ToList();
        var survivors = nodes[..2];
        for (var round = 0; round < 100 && survivors.SelectMany(n => n.HeldAccounts).Count() < 7; round++)
        {
            await Task.Delay(Short.HeartbeatInterval);
            foreach (var node in survivors)
            {
                await node.TickAsync(CancellationToken.None);
            }
        }

        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), survivors.SelectMany(n => n.HeldAccounts).Order());
        foreach (var account in orphaned)
        {
            Assert.False(await silent.MayWorkAsync(account, CancellationToken.None));
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var transaction = await connection.BeginTransactionAsync();
            await Assert.ThrowsAsync<MonitorLeaseLostException>(() => silent.EnsureHeldAsync(connection, transaction, account, CancellationToken.None));
            var holder = survivors.Single(n => n.HeldAccounts.Contains(account));
            await holder.EnsureHeldAsync(connection, transaction, account, CancellationToken.None);
        }

        Assert.Equal(["n1", "n2"], (await store.ListLiveAsync(CancellationToken.None)).Select(n => n.Name));
    }
}
