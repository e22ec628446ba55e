using Npgsql;

namespace Mailroom.Testing;

/// <summary>
/// The PostgreSQL cluster started by scripts/postgres. Every test gets its own new database, so tests never share
/// data. When the cluster cannot be started the call throws with the script's stderr: the test fails, never skips.
/// </summary>
public static class TestPostgres
{
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static Task<string>? started;

    /// <summary>Runs <c>scripts/postgres start</c> once per process and returns the connection string it printed
    /// (the test role's own database, <c>mailroom</c>).</summary>
    public static async Task<string> EnsureStartedAsync(CancellationToken cancellationToken = default)
    {
        await StartLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (started is null || started.IsFaulted || started.IsCanceled)
            {
                started = StartAsync();
            }
        }
        finally
        {
            StartLock.Release();
        }

        return await started.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a new empty database named <c>PREFIX_GUID8</c> (the prefix lower-cased, letters, digits and
    /// _ kept) owned by the test role, and returns its Npgsql connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var admin = await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var clean = new string(prefix.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_').ToArray());
        if (clean.Length == 0 || char.IsDigit(clean[0]))
        {
            clean = "t" + clean;
        }

        var name = $"{clean[..Math.Min(clean.Length, 40)]}_{Guid.NewGuid().ToString("N")[..8]}";

        // Straight through Npgsql (the role may create databases): much faster than a script per test.
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        var output = await ScriptRunner.RunAsync("postgres", ["start"], "scripts/postgres start", CancellationToken.None).ConfigureAwait(false);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (string.IsNullOrEmpty(last) || !last.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("scripts/postgres start printed no connection string as its last line.");
        }

        return last;
    }
}
