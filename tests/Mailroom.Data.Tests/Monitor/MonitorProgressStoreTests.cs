using Mailroom.Data.Monitor;
using Mailroom.Data.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Mailroom.Data.Tests.Monitor;

/// <summary>The stored progress of a long check (<c>monitor_progress</c>), on both databases.</summary>
public sealed class MonitorProgressStoreTests
{
    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_check_runs_from_its_first_row_until_it_finishes_and_the_next_replaces_it(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero));
        var store = new MonitorStore(db.Database, time);
        await store.SaveAsync(new MonitorSettings { AccountId = 3, Enabled = true }, default);
        await store.SaveAsync(new MonitorSettings { AccountId = 4, Enabled = true }, default);
        var started = time.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new MonitorProgressRow { AccountId = 3, Initial = true, Listed = 10_000, ListedBytes = 5_000_000_000, StartedAt = started, UpdatedAt = started };
        await store.SaveProgressAsync(row, default);
        Assert.Null(await store.FindRunningProgressAsync(4, default));

        row.Received = 400;
        row.ReceivedBytes = 4_000_000_000;
        row.Filed = 200;
        row.UpdatedAt = started + 1_500;
        await store.SaveProgressAsync(row, default);
        var running = await store.FindRunningProgressAsync(3, default);
        Assert.NotNull(running);
        Assert.Equal((true, 10_000, 5_000_000_000L, 400, 4_000_000_000L, 200, started, started + 1_500), (running.Initial, running.Listed, running.ListedBytes, running.Received, running.ReceivedBytes, running.Filed, running.StartedAt, running.UpdatedAt));
        Assert.Equal([3L], (await store.ListRunningProgressAsync(default)).Select(p => p.AccountId));

        row.FinishedAt = started + 2_000;
        await store.SaveProgressAsync(row, default);
        Assert.Null(await store.FindRunningProgressAsync(3, default));
        Assert.Empty(await store.ListRunningProgressAsync(default));

        // The next long check replaces the row; a process killed in it never finishes it, and the check after (which
        // records itself when it ends) must not leave it showing as running.
        time.Advance(TimeSpan.FromMinutes(1));
        var next = new MonitorProgressRow { AccountId = 3, Listed = 50, ListedBytes = null, StartedAt = time.GetUtcNow().ToUnixTimeMilliseconds(), UpdatedAt = time.GetUtcNow().ToUnixTimeMilliseconds() };
        await store.SaveProgressAsync(next, default);
        Assert.Equal((false, 50, (long?)null, 0), (await store.FindRunningProgressAsync(3, default)) is { } n ? (n.Initial, n.Listed, n.ListedBytes, n.Received) : default);
        time.Advance(TimeSpan.FromMinutes(1));
        await store.RecordCheckAsync(3, MonitorCheckCounts.Zero, null, default);
        Assert.Null(await store.FindRunningProgressAsync(3, default));
    }
}
