using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Data.Nodes;
using Mailroom.Engine.Monitor;
using Mailroom.Engine.Nodes;
using Mailroom.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mailroom.Tests.Nodes;

/// <summary>Three nodes' heartbeats on one real PostgreSQL database: fair spread, takeover from a silent node, fencing.</summary>
/// <remarks>
/// The nodes' own clock (when each stops working a lease it could not renew) is a fake one the test moves on; the
/// database's clock (when a heartbeat or a lease runs out) is real, so the time to live is long: however slowly a
/// loaded machine runs the ticks, no node's heartbeat lapses between two of them. Only the node that goes silent
/// promises its last heartbeat for a second, so the test need not wait minutes for it to run out.
/// </remarks>
public sealed class NodeLeasesTests
{
    private static readonly NodeLeaseOptions Long = new()
    {
        TimeToLive = TimeSpan.FromMinutes(5),
        HeartbeatInterval = TimeSpan.FromMinutes(1),
        StopMargin = TimeSpan.FromMinutes(1),
    };

    [Fact]
    public async Task Seven_monitors_spread_over_three_nodes_and_a_silent_nodes_share_moves_to_the_survivors_which_fence_it_out()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("nodeleases");
        await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(Path.GetTempPath(), cs), CancellationToken.None);
        var monitors = new MonitorStore(database, TimeProvider.System);
        for (long account = 1; account <= 7; account++)
        {
            await monitors.SaveAsync(new MonitorSettings { AccountId = account, Enabled = true }, CancellationToken.None);
        }

        var store = new NodeLeaseStore(database);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var identities = new[] { "n1", "n2", "n3" }.Select(name => new NodeIdentity(name)).ToArray();
        var nodes = identities.Select(identity => new NodeLeases(
            identity, store, monitors, Long, clock, NullLogger<NodeLeases>.Instance)).ToArray();

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

        // n3 goes silent (as if killed) after a last heartbeat that promised its name and leases for only a second.
        var silent = nodes[2];
        var orphaned = silent.HeldAccounts.ToList();
        var survivors = nodes[..2];
        var lastWords = TimeSpan.FromSeconds(1);
        Assert.NotNull(await store.HeartbeatAsync("n3", identities[2].Instance, lastWords, false, CancellationToken.None));
        Assert.Equal(orphaned.Order(), (await store.RenewAsync("n3", lastWords, CancellationToken.None)).Select(l => l.AccountId).Order());
        var lapsed = await store.NowAsync(CancellationToken.None) + (long)lastWords.TotalMilliseconds;

        // Heartbeats go by on the nodes' clock, the survivors beating each time: n3, beating no more, stops working its
        // accounts on its own clock, while the survivors keep theirs.
        for (var elapsed = TimeSpan.Zero; elapsed < Long.TimeToLive - Long.StopMargin; elapsed += Long.HeartbeatInterval)
        {
            clock.Advance(Long.HeartbeatInterval);
            foreach (var node in survivors)
            {
                await node.TickAsync(CancellationToken.None);
            }
        }

        foreach (var account in orphaned)
        {
            Assert.False(await silent.MayWorkAsync(account, CancellationToken.None));
        }

        // Once n3's heartbeat and leases have run out on the database's clock, the survivors take its accounts.
        await WaitForDatabaseTimeAsync(store, lapsed);
        for (var round = 0; round < 5 && survivors.SelectMany(n => n.HeldAccounts).Count() < 7; round++)
        {
            foreach (var node in survivors)
            {
                await node.TickAsync(CancellationToken.None);
            }
        }

        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), survivors.SelectMany(n => n.HeldAccounts).Order());
        foreach (var account in orphaned)
        {
            Assert.False(await silent.MayWorkAsync(account, CancellationToken.None));
            await using var work = await database.BeginAsync(CancellationToken.None);
            await Assert.ThrowsAsync<MonitorLeaseLostException>(() => silent.EnsureHeldAsync(work, account, CancellationToken.None));
            var holder = survivors.Single(n => n.HeldAccounts.Contains(account));
            await holder.EnsureHeldAsync(work, account, CancellationToken.None);
        }

        Assert.Equal(["n1", "n2"], (await store.ListLiveAsync(CancellationToken.None)).Select(n => n.Name));
    }

    /// <summary>Waits (on the database's clock, which decides) until <paramref name="unixMs"/> has passed; at most a minute.</summary>
    private static Task WaitForDatabaseTimeAsync(NodeLeaseStore store, long unixMs) =>
        WaitFor.ConditionAsync(async () => await store.NowAsync(CancellationToken.None) > unixMs, TimeSpan.FromSeconds(60),
            $"the database's clock passing {unixMs} (Unix ms)", TimeSpan.FromMilliseconds(50));
}
