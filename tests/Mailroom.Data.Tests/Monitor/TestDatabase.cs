using System.Diagnostics;

namespace Mailroom.Data.Tests.Monitor;

/// <summary>
/// A fresh database for one test: SQLite in its own temporary data directory, or a new PostgreSQL database made by
/// the repository's <c>scripts/postgres</c> (started when needed; a test fails, never skips, when it cannot be had).
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string dataDirectory, MailroomDatabase database)
    {
        DataDirectory = dataDirectory;
        Database = database;
    }

    public string DataDirectory { get; }

    public MailroomDatabase Database { get; }

    public static async Task<TestDatabase> CreateAsync(SqlDialect dialect)
    {
        var name = "mailroom_monitor_" + Guid.NewGuid().ToString("N")[..12];
        var dataDirectory = Path.Combine(Path.GetTempPath(), name);
        var connectionString = dialect == SqlDialect.Postgres ? await CreatePostgresSchemaAsync(name) : null;
        var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(dataDirectory, connectionString), default);
        return new TestDatabase(dataDirectory, database);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static readonly Lazy<Task<string>> SharedPostgres = new(() => CreatePostgresDatabaseAsync("mailroom_monitor_tests_" + Guid.NewGuid().ToString("N")[..8]));

    /// <summary>
    /// One PostgreSQL database for the test run (making a database takes seconds) and a schema of its own for each
    /// test (milliseconds), found first on the search path, so tests never see each other's rows.
    /// </summary>
    private static async Task<string> CreatePostgresSchemaAsync(string name)
    {
        var shared = await SharedPostgres.Value;
        await using (var connection = new Npgsql.NpgsqlConnection(shared))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE SCHEMA {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(shared) { SearchPath = name }.ConnectionString;
    }

    private static async Task<string> CreatePostgresDatabaseAsync(string name)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Mailroom.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root (Mailroom.slnx) was not found above the test binaries.");
        }

        var script = Path.Combine(root, "scripts", "postgres");
        await RunAsync(script, "start");
        var output = await RunAsync(script, $"create-db {name}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
    }

    private static async Task<string> RunAsync(string script, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(script, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"Could not start {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {arguments} failed (exit {process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}
