using System.Data;
using System.Data.Common;
using Dapper;

namespace Mailroom.Data.Monitor;

/// <summary>
/// The ledger of received messages and their raw bytes: what makes filing exactly-once. See
/// <see cref="MonitorSchemaMigration"/> for the states and why the raw bytes live where they do.
/// </summary>
public sealed partial class MonitorMessageStore(MailroomDatabase database, RawMessageSpool spool, TimeProvider time)
{
    internal const string Columns = """
        id AS Id, account_id AS AccountId, folder_key AS FolderKey, mailbox_id AS MailboxId, size AS Size,
        message_id AS MessageId, digest AS Digest, content_digest AS ContentDigest, raw_path AS RawPath, state AS State, outcome AS Outcome,
        record_id AS RecordId, reason AS Reason, flagged AS Flagged, post_action_done AS PostActionDone,
        post_action_error AS PostActionError, sender AS Sender, subject AS Subject, attempts AS Attempts,
        received_at AS ReceivedAt, filed_at AS FiledAt, completed_at AS CompletedAt
        """;

    public MailroomDatabase Database => database;

    public RawMessageSpool Spool => spool;

    /// <summary>
    /// The ledger state (<see cref="MessageState"/>) of each of <paramref name="mailboxIds"/> already in the ledger for
    /// this account and folder; ids not in the ledger are absent. One query per 500 ids, on the unique index.
    /// </summary>
    public async Task<Dictionary<string, string>> StatesByMailboxIdAsync(long accountId, string folder, IReadOnlyCollection<string> mailboxIds, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        if (mailboxIds.Count == 0)
        {
            return known;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in mailboxIds.Chunk(500))
        {
            var rows = await connection.QueryAsync<(string MailboxId, string State)>(new CommandDefinition(
                $"SELECT mailbox_id, state FROM monitor_messages WHERE account_id = @accountId AND folder_key = @folderKey AND {InIds("mailbox_id")}",
                new { accountId, folderKey = MonitorStore.FolderKey(folder), ids = chunk }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var (mailboxId, state) in rows)
            {
                known[mailboxId] = state;
            }
        }

        return known;
    }

    /// <summary>
    /// Marks a spooled message received. Returns null when the same (account, folder, mailbox id) is already in the
    /// ledger (the spooled file is then removed). On PostgreSQL the bytes are streamed into the database in the same
    /// transaction as the row, so the row never exists without its bytes.
    /// </summary>
    public Task<ReceivedMessage?> InsertReceivedAsync(ReceivedMessage message, SpooledMessage spooled, CancellationToken cancellationToken) =>
        InsertAsync(message, spooled, null, cancellationToken);

    /// <summary>
    /// Records a message the server would not give whole: stored with whatever raw could be had, and filed as
    /// <see cref="MessageOutcome.NotHandled"/> with <paramref name="reason"/> in the same commit, so the post-action
    /// takes it out of the folder and the mailbox goes on. Null when the ledger already has it, as for
    /// <see cref="InsertReceivedAsync"/>.
    /// </summary>
    public Task<ReceivedMessage?> InsertSetAsideAsync(ReceivedMessage message, SpooledMessage spooled, string reason, CancellationToken cancellationToken) =>
        InsertAsync(message, spooled, reason, cancellationToken);

    private async Task<ReceivedMessage?> InsertAsync(ReceivedMessage message, SpooledMessage spooled, string? setAsideReason, CancellationToken cancellationToken)
    {
        message.Digest = spooled.Digest;
        message.Size = spooled.Size;
        message.State = MessageState.Received;
        message.ReceivedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        message.RawPath = database.Dialect == SqlDialect.Sqlite ? spool.Relative(spooled.Path) : null;

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO monitor_messages (account_id, folder_key, mailbox_id, size, message_id, digest, raw_path, state,
                flagged, post_action_done, sender, subject, attempts, received_at)
            VALUES (@AccountId, @FolderKey, @MailboxId, @Size, @MessageId, @Digest, @RawPath, @State,
                @Flagged, @PostActionDone, @Sender, @Subject, 0, @ReceivedAt)
            ON CONFLICT (account_id, folder_key, mailbox_id) DO NOTHING
            RETURNING id
            """, message, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (id is null)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            RawMessageSpool.TryDelete(spooled.Path);
            return null;
        }

        message.Id = id.Value;
        if (database.Dialect == SqlDialect.Postgres)
        {
            await using var file = new FileStream(spooled.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO monitor_message_raw (message_row_id, raw) VALUES (@id, @raw)";
            AddParameter(insert, "id", id.Value);
            AddParameter(insert, "raw", file); // Npgsql streams a Stream parameter instead of buffering it.
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (setAsideReason is not null)
        {
            message.Outcome = MessageOutcome.NotHandled;
            message.Reason = setAsideReason;
            await MarkFiledAsync(connection, tx, message, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (database.Dialect == SqlDialect.Postgres)
        {
            RawMessageSpool.TryDelete(spooled.Path);
        }

        return message;
    }

    /// <summary>
    /// Opens a received message's raw bytes as a seekable file stream: the stored file on SQLite; on PostgreSQL a
    /// scratch copy streamed out of the database, deleted when the stream is closed.
    /// </summary>
    public async Task<Stream> OpenRawAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        if (message.RawPath is { } relative)
        {
            return new FileStream(spool.Absolute(relative), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }

        var scratch = spool.NewScratchPath();
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT raw FROM monitor_message_raw WHERE message_row_id = @id";
            AddParameter(select, "id", message.Id);
            await using var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new FileNotFoundException($"The raw bytes of received message {message.Id} are missing from the database.");
            }

            await using var source = reader.GetStream(0);
            await using var target = new FileStream(scratch, Files.DataDirectoryAccess.NewFile(81920));
            await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
        }

        return new FileStream(scratch, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
    }

    /// <summary>Messages of the account and folder in <paramref name="state"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> ListByStateAsync(long accountId, string folder, string state, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ReceivedMessage>(new CommandDefinition(
            $"SELECT {Columns} FROM monitor_messages WHERE account_id = @accountId AND folder_key = @folderKey AND state = @state ORDER BY id LIMIT @limit",
            new { accountId, folderKey = MonitorStore.FolderKey(folder), state, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>The account's received messages, oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> ListForAccountAsync(long accountId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ReceivedMessage>(new CommandDefinition(
            $"SELECT {Columns} FROM monitor_messages WHERE account_id = @accountId ORDER BY id LIMIT @limit",
            new { accountId, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<ReceivedMessage?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<ReceivedMessage>(new CommandDefinition(
            $"SELECT {Columns} FROM monitor_messages WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Inside the filing transaction: the id of another message already filed that is this one, if any: the same raw
    /// bytes and Message-ID (both missing counts as the same), or the same Message-ID and the same authored content
    /// (<see cref="ReceivedMessage.ContentDigest"/>: the mail delivered again with other trace headers). Without a
    /// Message-ID only identical bytes count: two short mails of the same words from one sender are two mails.
    /// </summary>
    public static async Task<long?> FindFiledCopyAsync(DbConnection connection, DbTransaction tx, ReceivedMessage message, CancellationToken cancellationToken)
    {
        var sameBytes = await connection.ExecuteScalarAsync<long?>(new CommandDefinition($"""
            SELECT MIN(id) FROM monitor_messages
            WHERE digest = @Digest AND id <> @Id AND state <> '{MessageState.Received}'
              AND (message_id = @MessageId OR (message_id IS NULL AND @MessageId IS NULL))
            """, new { message.Digest, message.Id, message.MessageId }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (sameBytes is not null || message.MessageId is null || message.ContentDigest is null)
        {
            return sameBytes;
        }

        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition($"""
            SELECT MIN(id) FROM monitor_messages
            WHERE message_id = @MessageId AND content_digest = @ContentDigest AND id <> @Id AND state <> '{MessageState.Received}'
            """, new { message.MessageId, message.ContentDigest, message.Id }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Inside the filing transaction: stores how the message was filed. A message whose post-action was already done
    /// (a retried Not handled message) goes straight to completed. Returns false when the row was no longer
    /// <c>received</c> (someone else filed it), in which case the caller must roll back. <paramref name="filedAt"/>
    /// comes from the filer's <see cref="TimeProvider"/>, the clock the per-sender hourly limit
    /// (<see cref="CountNewRecordsFromAsync"/>) measures its hour with, so both sides of that comparison agree.
    /// </summary>
    public static async Task<bool> MarkFiledAsync(DbConnection connection, DbTransaction tx, ReceivedMessage message, DateTimeOffset filedAt, CancellationToken cancellationToken)
    {
        var now = filedAt.ToUnixTimeMilliseconds();
        return await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE monitor_messages SET
                state = CASE WHEN post_action_done THEN '{MessageState.Completed}' ELSE '{MessageState.Filed}' END,
                completed_at = CASE WHEN post_action_done THEN @now ELSE completed_at END,
                outcome = @Outcome, record_id = @RecordId, reason = @Reason, flagged = @Flagged,
                sender = @Sender, subject = @Subject, message_id = @MessageId, content_digest = @ContentDigest, filed_at = @now
            WHERE id = @Id AND state = '{MessageState.Received}'
            """, new { now, message.Outcome, message.RecordId, message.Reason, message.Flagged, message.Sender, message.Subject, message.MessageId, message.ContentDigest, message.Id },
            tx, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Counts a filing attempt before it starts, in its own commit: a message that kills the process every time it
    /// is filed shows a growing count, so the engine can file it alone and finally set it aside instead of stalling
    /// the mailbox.
    /// </summary>
    public async Task CountAttemptAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE monitor_messages SET attempts = attempts + 1 WHERE {InIds("id")}", new { ids = ids.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The server's post-action is done for these messages: nothing is left to do for them.</summary>
    public async Task MarkCompletedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in ids.Chunk(500))
        {
            await connection.ExecuteAsync(new CommandDefinition($"""
                UPDATE monitor_messages SET state = '{MessageState.Completed}', post_action_done = @done, post_action_error = NULL, completed_at = @now
                WHERE {InIds("id")} AND state = '{MessageState.Filed}'
                """, new { ids = chunk, now, done = true }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The post-action failed; it stays <c>filed</c> and is tried again on the next check.</summary>
    public async Task MarkPostActionFailedAsync(long id, string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE monitor_messages SET post_action_error = @error WHERE id = @id", new { id, error },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Inside the filing transaction: records opened from this sender's mail since <paramref name="since"/>.</summary>
    public static async Task<int> CountNewRecordsFromAsync(DbConnection connection, DbTransaction tx, string sender, long since, CancellationToken cancellationToken) =>
        (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM monitor_messages WHERE sender = @sender AND outcome = '{MessageOutcome.NewRecord}' AND filed_at >= @since",
            new { sender, since }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);

    /// <summary>
    /// "column is one of @ids": Dapper expands a list into one parameter per item for SQLite, but hands Npgsql the
    /// array as one parameter, which PostgreSQL compares with <c>= ANY</c>.
    /// </summary>
    private string InIds(string column) => database.Dialect == SqlDialect.Postgres ? $"{column} = ANY(@ids)" : $"{column} IN @ids";

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
