using Npgsql;

namespace Mailroom.Testing.Faults;

/// <summary>
/// A second PostgreSQL cluster, <c>faults</c> on 127.0.0.1:5433, that fault tests may restart (scripts/postgres with
/// <c>MAILROOM_PG_CLUSTER</c> and <c>MAILROOM_PG_PORT</c>: same version, role and settings as the shared cluster, which
/// is never touched). Tests that restart it must not run at the same time (one xUnit collection).
/// </summary>
public static class FaultPostgres
{
    public const int Port = 5433;

    private static IReadOnlyDictionary<string, string> ScriptEnvironment { get; } = new Dictionary<string, string>
    {
        ["MAILROOM_PG_CLUSTER"] = "faults",
        ["MAILROOM_PG_PORT"] = "5433",
    };

    /// <summary>Creates the cluster when missing, starts it when stopped, and returns a new empty database's connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();
        var output = await ScriptRunner.RunAsync("postgres", ["create-db", name], $"scripts/postgres create-db {name} (faults cluster)", ScriptEnvironment, cancellationToken)
            .ConfigureAwait(false);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (last is null || !last.Contains("Port=5433", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"scripts/postgres create-db printed no connection string for port {Port} as its last line: {output}");
        }

        return last;
    }

    /// <summary>Stops the cluster at once (fast shutdown: every session cut off); returns once it is down.</summary>
    public static async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await ScriptRunner.RunAsync("postgres", ["stop"], "scripts/postgres stop (faults cluster)", ScriptEnvironment, cancellationToken).ConfigureAwait(false);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts the cluster again; returns once it answers.</summary>
    public static Task StartAsync(CancellationToken cancellationToken = default) =>
        ScriptRunner.RunAsync("postgres", ["start"], "scripts/postgres start (faults cluster)", ScriptEnvironment, cancellationToken);
}
