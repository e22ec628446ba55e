using System.Data.Common;
using Dapper;
using Mailroom.Data.Records;

namespace Mailroom.Data.Outbox;

/// <summary>
/// The outbox: messages waiting to be sent, the claims nodes take on them, and their outcomes. Each outcome is
/// written together with the delivery state of the message's Mail History entry, so the record shows what the
/// outbox knows.
/// </summary>
/// <remarks>
/// A node claims due rows with a lease (<c>claimed_by</c>, <c>claimed_until</c>): on PostgreSQL with
/// <c>FOR UPDATE SKIP LOCKED</c>, so several nodes take different rows without waiting on each other; on SQLite with
/// one <c>UPDATE … RETURNING</c>, which the database's single writer makes atomic. Before the SMTP transaction a row
/// becomes Sending, after it Sent. A row whose lease ran out while Claimed or Sending (its node died) is due again,
/// and is sent with the very same bytes and Message-ID, so the receiving side can drop a duplicate.
/// </remarks>
public sealed partial class OutboxStore(MailroomDatabase database, TimeProvider timeProvider)
{
    /// <summary>The attempts column raised to <c>@attempts</c> (the count the caller knows of), never lowered.</summary>
    private const string AtLeast = "CASE WHEN attempts < @attempts THEN @attempts ELSE attempts END";

    private readonly TimeProvider _time = timeProvider;
    private readonly JournalStore _journal = new(database, timeProvider);

    /// <summary>
    /// Writes a message and its Mail History entry in one transaction. When <paramref name="allocateConversationId"/>
    /// is set the next Conversation ID number is taken in that same transaction and handed to
    /// <paramref name="compose"/>, which builds the message with it.
    /// </summary>
    /// <param name="allocateConversationId">Take a number from the Conversation ID counter.</param>
    /// <param name="retryPeriod">How long temporary failures are retried before the message is failed.</param>
    /// <param name="compose">Builds the entry from the allocated number (null when none was taken). Must not do I/O.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is kept.</param>
    public async Task<OutboxQueued> EnqueueAsync(bool allocateConversationId, TimeSpan retryPeriod, Func<long?, OutboxEnqueue> compose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compose);
        await using var work = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        long? number = allocateConversationId
            ? await Counters.NextAsync(work, Counters.ConversationId, cancellationToken).ConfigureAwait(false)
            : null;
        var item = compose(number);
        var entryId = await _journal.AddMailAsync(work, item.Entry, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var messageId = Core.Records.MessageIds.Bare(item.Entry.Mail.MessageId)
            ?? throw new ArgumentException("An outgoing message needs a Message-ID.", nameof(compose));
        var id = await work.Connection.ExecuteScalarAsync<long>(work.Command(
            $"""
            INSERT INTO outbox (entry_id, record_id, account_id, sender_user, subject, recipients, message_id, state, attempts,
                created_at, next_attempt_at, give_up_at, claimed_by, claimed_until, last_error, sent_at, unknown_outcome)
            VALUES (@entryId, @recordId, @accountId, @senderUser, @subject, @recipients, @messageId, '{OutboxStateText.Waiting}', 0,
                @now, @now, @giveUpAt, NULL, NULL, NULL, NULL, @no) RETURNING id
            """,
            new
            {
                entryId,
                recordId = item.Entry.RecordId,
                accountId = item.AccountId,
                senderUser = item.SenderUser,
                subject = item.Entry.Mail.Subject,
                recipients = item.Recipients,
                messageId,
                now = now.ToUnixTimeMilliseconds(),
                giveUpAt = (now + retryPeriod).ToUnixTimeMilliseconds(),
                no = false,
            },
            cancellationToken)).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new OutboxQueued(id, entryId, messageId, item.Entry.Mail.ConversationId);
    }

    /// <summary>
    /// Takes up to <paramref name="limit"/> due messages for <paramref name="node"/>: Waiting ones whose time has come,
    /// and Claimed or Sending ones whose lease ran out. Oldest first.
    /// </summary>
    public async Task<IReadOnlyList<OutboxClaim>> ClaimDueAsync(string node, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var due = $"""
            SELECT id FROM outbox
            WHERE (state = '{OutboxStateText.Waiting}' AND next_attempt_at <= @now) OR (state IN ('{OutboxStateText.Claimed}', '{OutboxStateText.Sending}') AND claimed_until < @now)
            ORDER BY next_attempt_at, id LIMIT @limit
            """;
        if (database.Dialect == SqlDialect.Postgres)
        {
            due += " FOR UPDATE SKIP LOCKED";
        }

        // The state before the claim is returned too: a row found Sending had a try whose outcome nobody knows.
        var sql = $"""
            UPDATE outbox SET
                unknown_outcome = CASE WHEN state = '{OutboxStateText.Sending}' THEN @yes ELSE unknown_outcome END,
                state = CASE WHEN state = '{OutboxStateText.Sending}' THEN '{OutboxStateText.Sending}' ELSE '{OutboxStateText.Claimed}' END,
                claimed_by = @node, claimed_until = @until
            WHERE id IN ({due})
            RETURNING id AS Id, entry_id AS EntryId, account_id AS AccountId, sender_user AS SenderUser, message_id AS MessageId,
                attempts AS Attempts, give_up_at AS GiveUpAt, state AS State
            """;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long Id, long EntryId, long AccountId, string? SenderUser, string MessageId, int Attempts, long GiveUpAt, string State)>(
            new CommandDefinition(sql, new { now, limit, node, until = now + (long)lease.TotalMilliseconds, yes = true }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.OrderBy(r => r.Id)
            .Select(r => new OutboxClaim(r.Id, r.EntryId, r.AccountId, r.SenderUser, r.MessageId, r.Attempts,
                DateTimeOffset.FromUnixTimeMilliseconds(r.GiveUpAt), r.State == OutboxStateText.Sending))
            .ToList();
    }

    /// <summary>
    /// Marks a claimed message Sending just before the SMTP transaction, counting the attempt and renewing the lease.
    /// False when the claim was lost (the lease ran out and another node took it): then do not send it.
    /// </summary>
    public Task<bool> MarkSendingAsync(long id, string node, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return UpdateAsync(
            id,
            node,
            $"state = '{OutboxStateText.Sending}', attempts = attempts + 1, claimed_until = @until",
            new { until = now + (long)lease.TotalMilliseconds },
            "sending",
            null,
            false,
            cancellationToken);
    }

    /// <summary>
    /// Extends the claims <paramref name="node"/> still holds among <paramref name="ids"/> (Claimed or Sending, lease not
    /// yet run out) to <paramref name="lease"/> from now, and returns their ids. A claim missing from the answer is lost:
    /// its lease ran out (another node may have taken it) or its outcome is already written. Called every few seconds
    /// while a node works a batch, so a slow SMTP transaction never outlasts its claim, while a dead node's claims come
    /// free one lease after its last renewal.
    /// </summary>
    public async Task<IReadOnlyList<long>> RenewClaimsAsync(string node, IReadOnlyCollection<long> ids, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);

        // One statement: on PostgreSQL it waits for a concurrent claim's row lock and re-checks claimed_by on the row's
        // latest version, so a renewal and a takeover never both win.
        // Dapper hands an array to Npgsql as one array parameter and spreads it into a list for SQLite.
        var inIds = database.Dialect == SqlDialect.Postgres ? "id = ANY(@ids)" : "id IN @ids";
        var renewed = await connection.QueryAsync<long>(new CommandDefinition(
            $"""
            UPDATE outbox SET claimed_until = @until
            WHERE {inIds} AND claimed_by = @node AND state IN ('{OutboxStateText.Claimed}', '{OutboxStateText.Sending}') AND claimed_until >= @now
            RETURNING id
            """,
            new { ids = ids.ToArray(), node, now, until = now + (long)lease.TotalMilliseconds }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return renewed.Order().ToList();
    }

    /// <summary>The server accepted the message. <paramref name="detail"/> lists any recipients it refused.</summary>
    public Task<bool> MarkSentAsync(long id, string node, string? detail, CancellationToken cancellationToken) =>
        UpdateAsync(id, node, $"state = '{OutboxStateText.Sent}', sent_at = @now, last_error = @detail, claimed_by = NULL, claimed_until = NULL",
            new { now = _time.GetUtcNow().ToUnixTimeMilliseconds(), detail }, "sent", detail, detail is not null, cancellationToken);

    /// <summary>A temporary failure: due again at <paramref name="nextAttemptAt"/>.</summary>
    /// <param name="id">The outbox message.</param>
    /// <param name="node">The node holding the claim.</param>
    /// <param name="attempts">Tries made so far, this one included (a try that could not even connect counts).</param>
    /// <param name="nextAttemptAt">When it is due again.</param>
    /// <param name="error">What went wrong, in the server's words where it said any.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<bool> MarkRetryAsync(long id, string node, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        UpdateAsync(id, node, $"state = '{OutboxStateText.Waiting}', attempts = " + AtLeast + ", next_attempt_at = @next, last_error = @error, claimed_by = NULL, claimed_until = NULL",
            new { next = nextAttemptAt.ToUnixTimeMilliseconds(), error, attempts }, "queued",
            $"{error} (will try again at {nextAttemptAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)", false, cancellationToken);

    /// <summary>
    /// The account needs a person to sign in again: the message waits untried (its attempts unchanged) until
    /// <paramref name="nextAttemptAt"/>, and its retry period moves on by the wait, so time spent waiting for a sign-in
    /// never counts toward giving up. The entry shows queued with the reason.
    /// </summary>
    public Task<bool> HoldForSignInAsync(long id, string node, DateTimeOffset nextAttemptAt, string reason, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var wait = Math.Max(0, (nextAttemptAt - now).Ticks / TimeSpan.TicksPerMillisecond);
        return UpdateAsync(id, node, $"state = '{OutboxStateText.Waiting}', next_attempt_at = @next, give_up_at = give_up_at + @wait, last_error = @reason, claimed_by = NULL, claimed_until = NULL",
            new { next = nextAttemptAt.ToUnixTimeMilliseconds(), wait, reason }, "queued", reason, false, cancellationToken);
    }

    /// <summary>Refused for good or out of retries: kept with the server's words, the entry flagged for an agent.</summary>
    public Task<bool> MarkFailedAsync(long id, string node, int attempts, string error, CancellationToken cancellationToken) =>
        UpdateAsync(id, node, $"state = '{OutboxStateText.Failed}', attempts = " + AtLeast + ", last_error = @error, claimed_by = NULL, claimed_until = NULL",
            new { error, attempts }, "failed", error, true, cancellationToken);

    /// <summary>Gives a claimed message back untried (the node is stopping), due at once.</summary>
    public Task<bool> ReleaseAsync(long id, string node, CancellationToken cancellationToken) =>
        UpdateAsync(id, node, $"state = '{OutboxStateText.Waiting}', claimed_by = NULL, claimed_until = NULL", new { }, null, null, false, cancellationToken, onlyClaimed: true);

    /// <summary>Makes a Waiting or Failed message due now, with a fresh retry period.</summary>
    public async Task<OutboxRetryResult> RetryNowAsync(long id, TimeSpan retryPeriod, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var work = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        var state = await work.Connection.ExecuteScalarAsync<string?>(work.Command(
            "SELECT state FROM outbox WHERE id = @id", new { id }, cancellationToken)).ConfigureAwait(false);
        switch (state)
        {
            case null:
                return OutboxRetryResult.NotFound;
            case "sent":
                return OutboxRetryResult.AlreadySent;
            case "claimed" or "sending":
                return OutboxRetryResult.InProgress;
        }

        await work.Connection.ExecuteAsync(work.Command(
            $"UPDATE outbox SET state = '{OutboxStateText.Waiting}', next_attempt_at = @now, give_up_at = @giveUp WHERE id = @id",
            new { id, now = now.ToUnixTimeMilliseconds(), giveUp = (now + retryPeriod).ToUnixTimeMilliseconds() }, cancellationToken)).ConfigureAwait(false);
        await work.Connection.ExecuteAsync(work.Command(
            "UPDATE mail_history SET delivery_state = 'queued' WHERE entry_id = (SELECT entry_id FROM outbox WHERE id = @id)",
            new { id }, cancellationToken)).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return OutboxRetryResult.Scheduled;
    }

    public async Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<OutboxRow>(new CommandDefinition(
            "SELECT " + OutboxRow.Columns + OutboxRow.From + " WHERE o.id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToMessage();
    }

    /// <summary>Outbox messages, newest first; <paramref name="includeSent"/> off leaves out those already sent.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(bool includeSent, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            "SELECT " + OutboxRow.Columns + OutboxRow.From + (includeSent ? "" : $" WHERE o.state <> '{OutboxStateText.Sent}'") + " ORDER BY o.id DESC LIMIT @limit",
            new { limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToMessage()).ToList();
    }

    /// <summary>The exact bytes to send: the raw message stored with the entry when it was queued, whole in memory (small mail, tests).</summary>
    public Task<byte[]?> GetRawAsync(long entryId, CancellationToken cancellationToken) => _journal.GetRawAsync(entryId, cancellationToken);

    /// <summary>The exact bytes to send, streamed from the database (see <see cref="JournalStore.OpenRawAsync"/>); null when missing.</summary>
    public Task<Stream?> OpenRawAsync(long entryId, CancellationToken cancellationToken) => _journal.OpenRawAsync(entryId, cancellationToken);

    private async Task<bool> UpdateAsync(
        long id,
        string node,
        string set,
        object values,
        string? deliveryState,
        string? deliveryDetail,
        bool attention,
        CancellationToken cancellationToken,
        bool onlyClaimed = false)
    {
        var parameters = new DynamicParameters(values);
        parameters.Add("id", id);
        parameters.Add("node", node);
        await using var work = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        var guard = onlyClaimed ? $"state = '{OutboxStateText.Claimed}'" : $"state IN ('{OutboxStateText.Claimed}', '{OutboxStateText.Sending}')";
        var affected = await work.Connection.ExecuteAsync(work.Command(
            $"UPDATE outbox SET {set} WHERE id = @id AND claimed_by = @node AND {guard}", parameters, cancellationToken)).ConfigureAwait(false);
        if (affected == 0)
        {
            return false;
        }

        if (deliveryState is not null)
        {
            await work.Connection.ExecuteAsync(work.Command(
                "UPDATE mail_history SET delivery_state = @deliveryState, delivery_detail = @deliveryDetail WHERE entry_id = (SELECT entry_id FROM outbox WHERE id = @id)",
                new { id, deliveryState, deliveryDetail }, cancellationToken)).ConfigureAwait(false);
            if (attention)
            {
                await work.Connection.ExecuteAsync(work.Command(
                    "UPDATE journal_entries SET needs_attention = @yes, attention_reason = @reason WHERE id = (SELECT entry_id FROM outbox WHERE id = @id)",
                    new { id, yes = true, reason = deliveryState == "failed" ? "Delivery failed: " + deliveryDetail : "Some recipients were refused: " + deliveryDetail },
                    cancellationToken)).ConfigureAwait(false);
            }
        }

        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
