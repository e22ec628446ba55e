using Mailroom.Data.Accounts;
using Mailroom.Data.Audit;
using Mailroom.Data.OAuth;
using Mailroom.Data.Secrets;
using Mailroom.Data.Settings;
using Mailroom.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mailroom.Data.Tests.Support;

/// <summary>
/// The storage tests' one harness: an opened, migrated database with Mailroom's data services over it, composed
/// exactly as the app composes them (<see cref="MailroomDataServices.AddMailroomData"/>). <see cref="CreateAsync(string)"/>
/// makes fresh storage the harness deletes again; <see cref="OpenAsync"/> opens storage the caller owns, so a second
/// harness on the same options plays a second node or a restart.
/// </summary>
internal sealed class StoreHarness : IAsyncDisposable
{
    /// <summary>One PostgreSQL database for the test run (making one takes seconds); each harness gets a schema in it.</summary>
    private static readonly Lazy<Task<string>> SharedPostgres = new(() => TestPostgres.CreateDatabaseAsync("mailroom_store_tests"));

    private readonly ServiceProvider _services;
    private readonly string? _ownedDirectory;
    private readonly string? _ownedPostgresDatabase;

    private StoreHarness(MailroomDatabase database, ServiceProvider services, string? ownedDirectory, string? ownedPostgresDatabase)
    {
        Database = database;
        _services = services;
        _ownedDirectory = ownedDirectory;
        _ownedPostgresDatabase = ownedPostgresDatabase;
    }

    public MailroomDatabase Database { get; }

    /// <summary>The data directory (raw message spool, key ring on SQLite).</summary>
    public string DataDirectory => Database.Options.DataDirectory;

    public AccountStore Accounts => _services.GetRequiredService<AccountStore>();

    public SettingsStore Settings => _services.GetRequiredService<SettingsStore>();

    public AuditLog Audit => _services.GetRequiredService<AuditLog>();

    public OAuthTokenStore OAuthTokens => _services.GetRequiredService<OAuthTokenStore>();

    public SecretProtector Protector => _services.GetRequiredService<SecretProtector>();

    /// <summary>
    /// Fresh storage of either kind (<c>sqlite</c> or <c>postgres</c>): SQLite in a new temporary data directory, or a
    /// new PostgreSQL database from <c>scripts/postgres</c> (a test fails, never skips, when it cannot be had).
    /// Both are deleted on dispose. With <paramref name="time"/>, the installation's clock (the database options') is that one.
    /// </summary>
    public static async Task<StoreHarness> CreateAsync(string kind, TimeProvider? time = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "mailroom-store-" + Guid.NewGuid().ToString("N")[..12]);
        var clock = time ?? TimeProvider.System;
        if (kind == "sqlite")
        {
            return await OpenAsync(new DatabaseOptions(directory) { TimeProvider = clock }, directory, null);
        }

        var connectionString = await TestPostgres.CreateDatabaseAsync("records");
        return await OpenAsync(new DatabaseOptions(directory, connectionString) { TimeProvider = clock }, directory, new NpgsqlConnectionStringBuilder(connectionString).Database);
    }

    /// <summary>
    /// As <see cref="CreateAsync(string)"/>, but on PostgreSQL a schema of its own (milliseconds) in one database shared
    /// by the test run, found first on the search path, so tests never see each other's rows.
    /// </summary>
    public static async Task<StoreHarness> CreateAsync(SqlDialect dialect)
    {
        var name = "mailroom_store_" + Guid.NewGuid().ToString("N")[..12];
        var directory = Path.Combine(Path.GetTempPath(), name);
        if (dialect != SqlDialect.Postgres)
        {
            return await OpenAsync(new DatabaseOptions(directory), directory, null);
        }

        var shared = await SharedPostgres.Value;
        await using (var connection = new NpgsqlConnection(shared))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(shared) { SearchPath = name }.ConnectionString;
        return await OpenAsync(new DatabaseOptions(directory, connectionString), directory, null);
    }

    /// <summary>Opens (and migrates) storage the caller owns and deletes.</summary>
    public static Task<StoreHarness> OpenAsync(DatabaseOptions options) => OpenAsync(options, null, null);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();

        // Pooled SQLite connections keep the file open (and the WAL unmerged); close them so the files are final.
        SqliteConnection.ClearAllPools();
        if (_ownedDirectory is not null && Directory.Exists(_ownedDirectory))
        {
            try
            {
                Directory.Delete(_ownedDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the pool; the temp directory is cleaned up by the system.
            }
        }

        if (_ownedPostgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(await TestPostgres.EnsureStartedAsync());
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_ownedPostgresDatabase}\" WITH (FORCE)", connection);
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

    private static async Task<StoreHarness> OpenAsync(DatabaseOptions options, string? ownedDirectory, string? ownedPostgresDatabase)
    {
        var database = await MailroomDatabase.OpenAndMigrateAsync(options, CancellationToken.None);
        var services = new ServiceCollection().AddMailroomData(database).BuildServiceProvider();
        return new StoreHarness(database, services, ownedDirectory, ownedPostgresDatabase);
    }
}
