using Mailroom.Testing;
using Npgsql;

namespace Mailroom.Data.Tests.Records;

/// <summary>A fresh, migrated database of either kind ("sqlite" or "postgres"), deleted again on dispose.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string? _postgresName;

    private TestDatabase(MailroomDatabase database, string? directory, string? postgresName)
    {
        Database = database;
        _directory = directory;
        _postgresName = postgresName;
    }

    public MailroomDatabase Database { get; }

    public static async Task<TestDatabase> CreateAsync(string kind)
    {
        if (kind == "sqlite")
        {
            var directory = Path.Combine(Path.GetTempPath(), "mailroom-records-" + Guid.NewGuid().ToString("N")[..12]);
            var db = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(directory), CancellationToken.None);
            return new TestDatabase(db, directory, null);
        }

        var connectionString = await TestPostgres.CreateDatabaseAsync("records");
        var pg = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions("unused", connectionString), CancellationToken.None);
        return new TestDatabase(pg, null, new NpgsqlConnectionStringBuilder(connectionString).Database);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the pool; the temp directory is cleaned up by the system.
            }
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(await TestPostgres.EnsureStartedAsync());
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            try
            {
                await drop.ExecuteNonQueryAsync();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                // An autovacuum worker (a superuser process) was in the database, and the test role may not end it.
                // The database is a uniquely named throwaway: leaving it behind is harmless, failing the test is not.
            }
        }
    }
}
