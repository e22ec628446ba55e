using Npgsql;

namespace Mailroom.Data.Tests.Records;

/// <summary>A fresh, migrated database of either kind, deleted again on dispose.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _directory;
    private readonly string? _postgresName;
    private readonly string? _adminConnectionString;

    private TestDatabase(MailroomDatabase database, string? directory, string? postgresName, string? adminConnectionString)
    {
        Database = database;
        _directory = directory;
        _postgresName = postgresName;
        _adminConnectionString = adminConnectionString;
    }

    public MailroomDatabase Database { get; }

    public static async Task<TestDatabase> CreateAsync(string kind)
    {
        if (kind == "sqlite")
        {
            var directory = Path.Combine(Path.GetTempPath(), "mailroom-records-" + Guid.NewGuid().ToString("N")[..12]);
            var db = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(directory), CancellationToken.None);
            return new TestDatabase(db, directory, null, null);
        }

        var admin = await TestPostgresServer.AdminConnectionStringAsync();
        var name = "records_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        var pg = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions("unused", builder.ConnectionString), CancellationToken.None);
        return new TestDatabase(pg, null, name, admin);
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
                // A file still held open by the pool; the temp directory is cleaned by the OS eventually.
            }
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
