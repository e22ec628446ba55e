using Mailroom.Data.Monitor;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Monitor;

public sealed class MonitorStoreTests
{

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Save_creates_one_monitor_per_account_and_updates_it_in_place(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var store = new MonitorStore(db.Database, TimeProvider.System);
        var created = await store.SaveAsync(new MonitorSettings { AccountId = 7, Enabled = true }, default);
        Assert.Equal("Inbox", created.Folder);
        Assert.Equal(60, created.IntervalSeconds);
        Assert.Equal("mark-read", created.PostAction);

        var updated = await store.SaveAsync(new MonitorSettings { AccountId = 7, Folder = "Support", IntervalSeconds = 5, PostAction = "move:Done", Enabled = false }, default);
        Assert.Equal(created.Id, updated.Id);
        Assert.Equal("Support", updated.Folder);
        Assert.False(updated.Enabled);
        Assert.Single(await store.ListAsync(default));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task The_database_refuses_a_second_monitor_on_the_same_account(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var store = new MonitorStore(db.Database, TimeProvider.System);
        await store.SaveAsync(new MonitorSettings { AccountId = 9, Enabled = true }, default);
        await using var connection = await db.Database.OpenAsync(default);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO monitors (account_id, folder, interval_seconds, enabled, post_action, created_at, updated_at) VALUES (9, 'Inbox', 60, 1, 'mark-read', 0, 0)";
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => insert.ExecuteNonQueryAsync());
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Items_keep_their_order_through_add_move_and_delete(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var store = new MonitorStore(db.Database, TimeProvider.System);
        var monitor = await store.SaveAsync(new MonitorSettings { AccountId = 1 }, default);
        var a = await store.AddItemAsync(monitor.Id, "Reopen", "{}", null, default);
        var b = await store.AddItemAsync(monitor.Id, "Approve", "{}", null, default);
        var c = await store.AddItemAsync(monitor.Id, "First", "{}", 1, default);
        Assert.Equal(["First", "Reopen", "Approve"], (await store.ListItemsAsync(monitor.Id, default)).Select(i => i.Name));

        Assert.True(await store.MoveItemAsync(monitor.Id, c.Id, 3, default));
        Assert.Equal(["Reopen", "Approve", "First"], (await store.ListItemsAsync(monitor.Id, default)).Select(i => i.Name));

        Assert.True(await store.DeleteItemAsync(monitor.Id, a.Id, default));
        Assert.Equal(["Approve", "First"], (await store.ListItemsAsync(monitor.Id, default)).Select(i => i.Name));
        Assert.True(await store.ItemNameTakenAsync(monitor.Id, "approve", null, default));
        Assert.False(await store.ItemNameTakenAsync(monitor.Id, "approve", b.Id, default));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Checkpoints_are_per_account_and_folder_without_regard_to_case(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var store = new MonitorStore(db.Database, TimeProvider.System);
        Assert.Null(await store.GetCheckpointAsync(1, "Inbox", default));
        await store.SetCheckpointAsync(1, "Inbox", "17:100", default);
        await store.SetCheckpointAsync(1, "INBOX", "17:120", default);
        await store.SetCheckpointAsync(2, "Inbox", "5:1", default);
        Assert.Equal("17:120", await store.GetCheckpointAsync(1, "inbox", default));
        Assert.Equal("5:1", await store.GetCheckpointAsync(2, "Inbox", default));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Check_status_adds_up_and_keeps_the_last_error(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var store = new MonitorStore(db.Database, TimeProvider.System);
        await store.SaveAsync(new MonitorSettings { AccountId = 3 }, default);
        await store.RecordCheckAsync(3, new MonitorCheckCounts(5, 2, 1, 1, 1), null, default);
        await store.RecordCheckAsync(3, new MonitorCheckCounts(2, 0, 2, 0, 0), "Connection refused", default);
        var monitor = (await store.FindByAccountAsync(3, default))!;
        Assert.Equal(7, monitor.FetchedTotal);
        Assert.Equal(3, monitor.NewRecordsTotal);
        Assert.Equal("Connection refused", monitor.LastError);
        Assert.NotNull(monitor.LastCheckAt);
    }
}
