using Mailroom.Data.Nodes;
using Mailroom.Testing;

namespace Mailroom.Data.Tests.Nodes;

/// <summary>
/// One process per node name: a name with a fresh heartbeat from another process instance is refused, a stale one is
/// taken over, and the process that lost its name can neither renew it nor, leaving, free the new holder's leases.
/// </summary>
public sealed class NodeNameClaimTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_fresh_name_is_refused_to_another_instance_and_a_stale_one_is_taken_over(string kind)
    {
        var directory = Path.Combine(Path.GetTempPath(), "mailroom-nodenames-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = kind == "postgres"
                ? new DatabaseOptions(directory, await TestPostgres.CreateDatabaseAsync("nodenames"))
                : new DatabaseOptions(directory);
            await using var database = await MailroomDatabase.OpenAndMigrateAsync(options, CancellationToken.None);
            var store = new NodeLeaseStore(database);
            // The first process takes the name; the same process may take it again (a second call at start).
            Assert.Null(await store.ClaimNameAsync("desk", "first", Long, CancellationToken.None));
            Assert.Null(await store.ClaimNameAsync("desk", "first", Long, CancellationToken.None));

            // While its heartbeat is fresh, a second process is refused and told who holds the name; its heartbeat too.
            // (A long time to live here: a loaded machine must not let the name go stale between these statements.)
            var holder = await store.ClaimNameAsync("desk", "second", Long, CancellationToken.None);
            Assert.NotNull(holder);
            Assert.Equal("first", holder.Instance);
            Assert.True(holder.ExpiresAt > holder.HeartbeatAt);
            Assert.Null(await store.HeartbeatAsync("desk", "second", Long, true, CancellationToken.None));

            // The first's last heartbeat promises only a second, and then it stops beating (it died): once stale, the
            // second takes the name over.
            Assert.Equal(1, await store.HeartbeatAsync("desk", "first", TimeSpan.FromSeconds(1), false, CancellationToken.None));
            await WaitForDatabaseTimeAsync(store, await store.NowAsync(CancellationToken.None) + 1000);
            Assert.Null(await store.ClaimNameAsync("desk", "second", Long, CancellationToken.None));
            Assert.NotNull(await store.TryAcquireAsync("desk", 9, Long, CancellationToken.None));

            // The first comes back from its stall: its heartbeat is refused, and leaving does not touch the new holder.
            Assert.Null(await store.HeartbeatAsync("desk", "first", Long, false, CancellationToken.None));
            await store.LeaveAsync("desk", "first", CancellationToken.None);
            var live = Assert.Single(await store.ListLiveAsync(CancellationToken.None));
            Assert.Equal("desk", live.Name);
            Assert.Equal([9L], live.Accounts.Select(a => a.AccountId));
            Assert.Equal(1, await store.HeartbeatAsync("desk", "second", Long, false, CancellationToken.None));

            // The holder leaving frees the name for anyone at once.
            await store.LeaveAsync("desk", "second", CancellationToken.None);
            Assert.Null(await store.ClaimNameAsync("desk", "third", Long, CancellationToken.None));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Waits (on the database's clock, which decides) until <paramref name="unixMs"/> has passed.</summary>
    private static Task WaitForDatabaseTimeAsync(NodeLeaseStore store, long unixMs) =>
        WaitFor.ConditionAsync(async () => await store.NowAsync(CancellationToken.None) > unixMs, TimeSpan.FromSeconds(60),
            $"the database's clock passing {unixMs} (Unix ms)", TimeSpan.FromMilliseconds(50));
}
