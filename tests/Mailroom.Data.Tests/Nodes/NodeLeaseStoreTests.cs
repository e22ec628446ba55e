using Mailroom.Data.Nodes;
using Mailroom.Testing;

namespace Mailroom.Data.Tests.Nodes;

/// <summary>Account leases on the real PostgreSQL (and the same statements on SQLite): exclusive, taken over after expiry, fenced.</summary>
public sealed class NodeLeaseStoreTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Of_many_nodes_racing_for_one_account_exactly_one_gets_the_lease()
    {
        await using var database = await OpenPostgresAsync();
        var store = new NodeLeaseStore(database);

        var results = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => store.TryAcquireAsync($"node-{i}", 42, Long, CancellationToken.None)));

        var winners = results.Where(r => r is not null).ToList();
        Assert.Single(winners);
        Assert.Equal(1, winners[0]!.Token);
        var holder = Assert.Single(await store.HeldAsync(CancellationToken.None));
        Assert.Equal(42, holder.Key);
        Assert.Null(await store.TryAcquireAsync("latecomer", 42, Long, CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_with_a_higher_token_and_the_old_holder_cannot_renew_it()
    {
        await using var database = await OpenPostgresAsync();
        var store = new NodeLeaseStore(database);
        Assert.NotNull(await store.TryAcquireAsync("a", 7, Long, CancellationToken.None));
        Assert.Null(await store.TryAcquireAsync("b", 7, Long, CancellationToken.None));

        // Its holder takes it once more for a short while (a loaded machine must not let it lapse before the refusal above).
        var first = await store.TryAcquireAsync("a", 7, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.NotNull(first);

        await WaitForDatabaseTimeAsync(store, first.ExpiresAt);
        var second = await store.TryAcquireAsync("b", 7, Long, CancellationToken.None);

        Assert.NotNull(second);
        Assert.True(second.Token > first.Token);
        Assert.Empty(await store.RenewAsync("a", Long, CancellationToken.None));
        Assert.Equal(7, Assert.Single(await store.RenewAsync("b", Long, CancellationToken.None)).AccountId);
    }

    [Fact]
    public async Task A_commit_fenced_with_a_stale_token_is_refused_and_the_current_holders_commit_goes_through()
    {
        await using var database = await OpenPostgresAsync();
        var store = new NodeLeaseStore(database);
        var stale = await store.TryAcquireAsync("a", 9, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.NotNull(stale);
        await WaitForDatabaseTimeAsync(store, stale.ExpiresAt);
        var current = await store.TryAcquireAsync("b", 9, Long, CancellationToken.None);
        Assert.NotNull(current);

        Assert.False(await VerifyAsync(database, store, "a", 9, stale.Token));
        Assert.False(await VerifyAsync(database, store, "b", 9, stale.Token));
        Assert.True(await VerifyAsync(database, store, "b", 9, current.Token));

        Assert.True(await store.ReleaseAsync("b", 9, current.Token, CancellationToken.None));
        Assert.False(await VerifyAsync(database, store, "b", 9, current.Token));
        var again = await store.TryAcquireAsync("a", 9, Long, CancellationToken.None);
        Assert.NotNull(again);
        Assert.True(again.Token > current.Token, "a released lease's token keeps counting up, so an old token never comes back");
    }

    [Fact]
    public async Task A_node_restarted_under_its_own_name_takes_its_leases_back_with_a_new_token()
    {
        await using var database = await OpenPostgresAsync();
        var store = new NodeLeaseStore(database);
        var before = await store.TryAcquireAsync("n1", 3, Long, CancellationToken.None);

        var after = await store.TryAcquireAsync("n1", 3, Long, CancellationToken.None);

        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.True(after.Token > before.Token);
        Assert.False(await VerifyAsync(database, store, "n1", 3, before.Token));
    }

    [Fact]
    public async Task Live_nodes_are_listed_with_the_accounts_they_hold_and_a_node_that_leaves_frees_them()
    {
        await using var database = await OpenPostgresAsync();
        var store = new NodeLeaseStore(database);
        Assert.Equal(1, await store.HeartbeatAsync("n1", "i1", Long, true, CancellationToken.None));
        Assert.Equal(2, await store.HeartbeatAsync("n2", "i2", Long, true, CancellationToken.None));
        await store.TryAcquireAsync("n1", 1, Long, CancellationToken.None);
        await store.TryAcquireAsync("n2", 2, Long, CancellationToken.None);

        var nodes = await store.ListLiveAsync(CancellationToken.None);
        Assert.Equal(["n1", "n2"], nodes.Select(n => n.Name));
        Assert.Equal([1L], nodes[0].Accounts.Select(a => a.AccountId));

        await store.LeaveAsync("n1", "i1", CancellationToken.None);
        Assert.Equal(["n2"], (await store.ListLiveAsync(CancellationToken.None)).Select(n => n.Name));
        Assert.NotNull(await store.TryAcquireAsync("n2", 1, Long, CancellationToken.None));
    }

    [Fact]
    public async Task On_SQLite_the_same_statements_lease_and_fence()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mailroom-leases-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(dir), CancellationToken.None);
            var store = new NodeLeaseStore(database);
            Assert.Equal(1, await store.HeartbeatAsync("solo", "i1", Long, true, CancellationToken.None));
            var lease = await store.TryAcquireAsync("solo", 5, Long, CancellationToken.None);
            Assert.NotNull(lease);
            Assert.Null(await store.TryAcquireAsync("other", 5, Long, CancellationToken.None));
            Assert.True(await VerifyAsync(database, store, "solo", 5, lease.Token));
            Assert.False(await VerifyAsync(database, store, "solo", 5, lease.Token + 1));
            Assert.Single(await store.RenewAsync("solo", Long, CancellationToken.None));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }

    private static async Task<MailroomDatabase> OpenPostgresAsync() =>
        await MailroomDatabase.OpenAndMigrateAsync(
            new DatabaseOptions(Path.GetTempPath(), await TestPostgres.CreateDatabaseAsync("leases")), CancellationToken.None);

    private static async Task<bool> VerifyAsync(MailroomDatabase database, NodeLeaseStore store, string node, long accountId, long token)
    {
        // Never committed: disposing the work rolls it back (and frees the lease row VerifyAsync locks on PostgreSQL).
        await using var work = await database.BeginAsync(CancellationToken.None);
        return await store.VerifyAsync(work, node, accountId, token, CancellationToken.None);
    }

    /// <summary>Waits (on the database's clock, which decides) until <paramref name="unixMs"/> has passed.</summary>
    private static Task WaitForDatabaseTimeAsync(NodeLeaseStore store, long unixMs) =>
        WaitFor.ConditionAsync(async () => await store.NowAsync(CancellationToken.None) > unixMs, TimeSpan.FromSeconds(60),
            $"the database's clock passing {unixMs} (Unix ms)", TimeSpan.FromMilliseconds(50));
}
