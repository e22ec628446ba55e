using System.Data.Common;
using Dapper;

namespace Mailroom.Data.Migrations;

/// <summary>Applies every migration not yet applied, each in its own transaction, in version order.</summary>
internal static class MigrationRunner
{
    public static IReadOnlyList<IMigration> All { get; } = typeof(IMigration).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IMigration).IsAssignableFrom(t))
        .Select(t => (IMigration)Activator.CreateInstance(t)!)
        .OrderBy(m => m.Version)
        .ToList();

    public static async Task ApplyAsync(MailroomDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // Two nodes starting at once on PostgreSQL must not both migrate: a transaction-scoped advisory lock
        // serialises them, and the second sees the versions the first applied.
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at " +
                (database.Dialect == SqlDialect.Postgres ? "BIGINT" : "INTEGER") + " NOT NULL)";
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var migration in All)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (database.Dialect == SqlDialect.Postgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(7301001)", transaction: tx).ConfigureAwait(false);
            }

            var applied = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, tx).ConfigureAwait(false);
            if (applied > 0)
            {
                await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var statement in Split(SchemaTokens.Expand(migration.Sql, database.Dialect)))
            {
                await connection.ExecuteAsync(statement, transaction: tx).ConfigureAwait(false);
            }

            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @At)",
                new { migration.Version, migration.Name, At = database.Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() }, tx).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<string> Split(string sql) =>
        sql.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0);
}
