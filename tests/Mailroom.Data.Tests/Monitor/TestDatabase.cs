namespace Mailroom.Data.Tests.Monitor;

/// <summary>A fresh SQLite database in its own temporary data directory.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "mailroom-monitor-" + Guid.NewGuid().ToString("N")[..12]);

    public MailroomDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(DataDirectory), default);

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
}
