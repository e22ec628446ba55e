using Dapper;

namespace Mailroom.Data.Monitor;

/// <summary>The Not handled list administrators see, and running a message again after a fix.</summary>
public sealed partial class MonitorMessageStore
{
    /// <summary>Messages set aside as not handled (and not yet retried), newest first; all accounts when null.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> ListNotHandledAsync(long? accountId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ReceivedMessage>(new CommandDefinition(
            $"SELECT {Columns} FROM monitor_messages WHERE outcome = '{MessageOutcome.NotHandled}' AND (@accountId IS NULL OR account_id = @accountId) ORDER BY id DESC LIMIT @limit",
            new { accountId, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>
    /// Puts a not-handled message back to <c>received</c> so the next check files it again from its stored raw
    /// bytes. The server's post-action is not repeated if it was already done. False when the message is not in the
    /// Not handled list.
    /// </summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE monitor_messages SET state = '{MessageState.Received}', outcome = NULL, filed_at = NULL
            WHERE id = @id AND outcome = '{MessageOutcome.NotHandled}'
            """, new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }
}
