using Dapper;

namespace Mailroom.Data.Outbox;

/// <summary>An administrator stops a queued or retrying message. It is kept (as failed, saying who cancelled it), never dropped.</summary>
public sealed partial class OutboxStore
{
    /// <summary>Messages not yet sent and not failed (queued, retrying, being sent): the outbox depth.</summary>
    public async Task<long> CountUnsentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM outbox WHERE state NOT IN ('{OutboxStateText.Sent}', '{OutboxStateText.Failed}')", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<OutboxCancelResult> CancelAsync(long id, string by, CancellationToken cancellationToken)
    {
        var reason = $"Cancelled by {by} at {_time.GetUtcNow():yyyy-MM-dd HH:mm} UTC; not sent.";
        return await database.InTransactionAsync(async work =>
        {
            var state = await work.Connection.ExecuteScalarAsync<string?>(work.Command(
                "SELECT state FROM outbox WHERE id = @id", new { id }, cancellationToken)).ConfigureAwait(false);
            switch (state)
            {
                case null:
                    return OutboxCancelResult.NotFound;
                case "sent" or "failed":
                    return OutboxCancelResult.Finished;
                case "sending":
                    return OutboxCancelResult.InProgress;
            }

            // Waiting or claimed (not yet handed over): the node that claimed it finds it failed when it marks it sending, and skips it.
            await work.Connection.ExecuteAsync(work.Command(
                $"UPDATE outbox SET state = '{OutboxStateText.Failed}', last_error = @reason, claimed_by = NULL, claimed_until = NULL WHERE id = @id",
                new { id, reason }, cancellationToken)).ConfigureAwait(false);
            await work.Connection.ExecuteAsync(work.Command(
                "UPDATE mail_history SET delivery_state = 'failed', delivery_detail = @reason WHERE entry_id = (SELECT entry_id FROM outbox WHERE id = @id)",
                new { id, reason }, cancellationToken)).ConfigureAwait(false);
            return OutboxCancelResult.Cancelled;
        }, cancellationToken).ConfigureAwait(false);
    }
}
