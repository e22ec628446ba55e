using Dapper;

namespace Mailroom.Data.Monitor;

/// <summary>The progress of each account's running check (<c>monitor_progress</c>).</summary>
public sealed partial class MonitorStore
{
    private const string ProgressColumns = """
        p.account_id AS AccountId, p.is_initial AS Initial, p.listed AS Listed, p.listed_bytes AS ListedBytes, p.received AS Received,
        p.received_bytes AS ReceivedBytes, p.filed AS Filed, p.started_at AS StartedAt, p.updated_at AS UpdatedAt, p.finished_at AS FinishedAt
        """;

    /// <summary>
    /// A check runs while its row is not finished and no check was recorded since it started: a process killed in the
    /// middle never finishes its row, and the next check (which records itself when it ends) must not leave it showing.
    /// </summary>
    private const string RunningProgress = """
        monitor_progress p JOIN monitors m ON m.account_id = p.account_id
        WHERE p.finished_at IS NULL AND (m.last_check_at IS NULL OR m.last_check_at <= p.started_at)
        """;

    /// <summary>Writes the account's progress: the first report of a check replaces the last check's row, later ones move it.</summary>
    public async Task SaveProgressAsync(MonitorProgressRow progress, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO monitor_progress (account_id, is_initial, listed, listed_bytes, received, received_bytes, filed, started_at, updated_at, finished_at)
            VALUES (@AccountId, @Initial, @Listed, @ListedBytes, @Received, @ReceivedBytes, @Filed, @StartedAt, @UpdatedAt, @FinishedAt)
            ON CONFLICT (account_id) DO UPDATE SET is_initial = excluded.is_initial, listed = excluded.listed, listed_bytes = excluded.listed_bytes,
                received = excluded.received, received_bytes = excluded.received_bytes, filed = excluded.filed,
                started_at = excluded.started_at, updated_at = excluded.updated_at, finished_at = excluded.finished_at
            """, progress, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The account's check that is running now, if it is long enough to be stored.</summary>
    public async Task<MonitorProgressRow?> FindRunningProgressAsync(long accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<MonitorProgressRow>(new CommandDefinition(
            $"SELECT {ProgressColumns} FROM {RunningProgress} AND p.account_id = @accountId", new { accountId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Every account's check that is running now, by account.</summary>
    public async Task<IReadOnlyList<MonitorProgressRow>> ListRunningProgressAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<MonitorProgressRow>(new CommandDefinition(
            $"SELECT {ProgressColumns} FROM {RunningProgress} ORDER BY p.account_id",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }
}
