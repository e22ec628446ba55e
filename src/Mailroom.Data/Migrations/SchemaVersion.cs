using Dapper;

namespace Mailroom.Data.Migrations;

/// <summary>
/// Whether a database holds every migration this build knows: a node whose database is behind (another node's
/// newer build migrated it, or an older one never finished) must not take traffic.
/// </summary>
public static class SchemaVersion
{
    /// <summary>The number of migrations this build carries.</summary>
    public static int Known => MigrationRunner.All.Count;

    /// <summary>
    /// True when every migration of this build is recorded as applied. Throws what the database throws when it cannot
    /// be reached or has no migration table.
    /// </summary>
    public static async Task<bool> IsCurrentAsync(MailroomDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations", cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet();
        return MigrationRunner.All.All(m => applied.Contains(m.Version));
    }
}
