using Dapper;

namespace Mailroom.Data.Monitor;

/// <summary>Mail per hour and outcome, for the monitor's status chart.</summary>
public sealed partial class MonitorMessageStore
{
    /// <summary>
    /// How many of the account's messages were received in each hour since <paramref name="sinceUnixMilliseconds"/>, by
    /// outcome (null: not filed yet). Counted in the database so a busy mailbox's ledger is never read whole.
    /// </summary>
    public async Task<IReadOnlyList<HourlyCount>> CountPerHourAsync(long accountId, long sinceUnixMilliseconds, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<HourlyCount>(new CommandDefinition("""
            SELECT (received_at / 3600000) * 3600000 AS HourStart, outcome AS Outcome, COUNT(*) AS Count
            FROM monitor_messages WHERE account_id = @accountId AND received_at >= @since
            GROUP BY (received_at / 3600000) * 3600000, outcome
            """, new { accountId, since = sinceUnixMilliseconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }
}
