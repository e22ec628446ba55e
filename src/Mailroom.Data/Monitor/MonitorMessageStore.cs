using System.Data;
using System.Data.Common;
using Dapper;

namespace Mailroom.Data.Monitor;

/// <summary>
/// The ledger of received messages and their raw bytes: what makes filing exactly-once. See
/// <see cref="MonitorSchemaMigration"/> for the states and why the raw bytes live where they do. The bytes in
/// <c>monitor_message_raw</c> are a received message's only stored copy: the journal entry filed from it points at
/// them (<c>JournalStore.AddReceivedMailAsync</c>), and that reference stops any delete of them.
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
    /// Marks a batch of downloaded messages received: every ledger row and its raw bytes (in <c>monitor_message_raw</c>,
    /// on both databases) in one transaction, so the whole batch costs one durable commit (one fsync of SQLite's WAL),
    /// and a row never exists without its bytes. A message whose (account, folder, mailbox id) the ledger already has
    /// is left out (another node or an earlier run got it). Returns the rows inserted, in the order given.
    /// </summary>
    /// <param name="batch">The messages, each with its staged bytes (not disposed here).</param>
    /// <param name="beforeCommit">Called with everything written but not yet committed (the crash tests' fault point).</param>
    /// <param name="cancellationToken">Cancels the batch: nothing of it is kept.</param>
    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(IReadOnlyList<ReceivedBatchItem> batch, Func<Task>? beforeCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var inserted = new List<ReceivedMessage>(batch.Count);
        if (batch.Count == 0)
        {
            return inserted;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var work = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (message, raw, setAsideReason) in batch)
        {
            message.Digest = raw.Digest;
            message.Size = raw.Size;
            message.State = MessageState.Received;
            message.ReceivedAt = now;
            message.RawPath = null;
            var id = await work.Connection.ExecuteScalarCachedAsync<long?>(work.Command("""
                INSERT INTO monitor_messages (account_id, folder_key, mailbox_id, size, message_id, digest, raw_path, state,
                    flagged, post_action_done, sender, subject, attempts, received_at)
                VALUES (@AccountId, @FolderKey, @MailboxId, @Size, @MessageId, @Digest, NULL, @State,
                    @Flagged, @PostActionDone, @Sender, @Subject, 0, @ReceivedAt)
                ON CONFLICT (account_id, folder_key, mailbox_id) DO NOTHING
                RETURNING id
                """, message, cancellationToken)).ConfigureAwait(false);
            if (id is null)
            {
                continue;
            }

            message.Id = id.Value;
            raw.Content.Position = 0;
            await InsertRawAsync(work, id.Value, raw.Content, raw.Size, cancellationToken).ConfigureAwait(false);
            if (setAsideReason is not null)
            {
                message.Outcome = MessageOutcome.NotHandled;
                message.Reason = setAsideReason;
                await MarkFiledAsync(work, message, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            inserted.Add(message);
        }

        if (beforeCommit is not null)
        {
            await beforeCommit().ConfigureAwait(false);
        }

        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted;
    }

    /// <summary>
    /// One message's bytes into <c>monitor_message_raw</c>: a small one as a parameter; a large one streamed (Npgsql
    /// sends a Stream parameter in chunks; SQLite gets a zero-filled blob of the right length, then incremental blob
    /// I/O), never whole in memory.
    /// </summary>
    private async Task InsertRawAsync(UnitOfWork work, long id, Stream content, long length, CancellationToken cancellationToken)
    {
        if (content is MemoryStream memory)
        {
            // A staged message's buffer is exactly its size: handed over as it is, not copied once more.
            var raw = memory.TryGetBuffer(out var held) && held.Offset == 0 && held.Count == held.Array!.Length ? held.Array : memory.ToArray();
            await work.Connection.ExecuteCachedAsync(work.Command(
                "INSERT INTO monitor_message_raw (message_row_id, raw) VALUES (@id, @raw)", new { id, raw }, cancellationToken)).ConfigureAwait(false);
            return;
        }

        await using var insert = work.Connection.CreateCommand();
        insert.Transaction = work.Transaction;
        AddParameter(insert, "id", id);

        if (database.Dialect == SqlDialect.Postgres)
        {
            insert.CommandText = "INSERT INTO monitor_message_raw (message_row_id, raw) VALUES (@id, @raw)";
            AddParameter(insert, "raw", content);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        insert.CommandText = "INSERT INTO monitor_message_raw (message_row_id, raw) VALUES (@id, zeroblob(@length)) RETURNING rowid";
        AddParameter(insert, "length", length);
        var rowId = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        await using var blob = new Microsoft.Data.Sqlite.SqliteBlob((Microsoft.Data.Sqlite.SqliteConnection)work.Connection, "monitor_message_raw", "raw", rowId, readOnly: false);
        await content.CopyToAsync(blob, 81920, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Inside the filing transaction: a row an earlier version kept on SQLite as a file (<see cref="ReceivedMessage.RawPath"/>)
    /// gets its bytes into <c>monitor_message_raw</c> and loses its path, so that the journal entry filed from it can
    /// point at the ledger's copy like any other (<c>JournalStore.AddReceivedMailAsync</c>) and every reader finds the
    /// bytes in one place. A row already in the database is left as it is, so this may be called once per entry.
    /// </summary>
    /// <remarks>
    /// The file is not deleted: the transaction may still roll back, and then the row names it again. Nothing reads it
    /// once the move is committed.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The file no longer holds the size the ledger recorded for it.</exception>
    public async Task MoveRawFileIntoDatabaseAsync(UnitOfWork work, ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(message);
        if (message.RawPath is null)
        {
            return; // every row written since durability per batch: the bytes are in the database already
        }

        // The row as this transaction sees it: an earlier entry of the same filing may have moved the bytes already.
        var relative = await work.Connection.ExecuteScalarAsync<string?>(work.Command(
            "SELECT raw_path FROM monitor_messages WHERE id = @Id", new { message.Id }, cancellationToken)).ConfigureAwait(false);
        if (relative is null)
        {
            return;
        }

        await using (var file = new FileStream(spool.Absolute(relative), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        {
            if (message.Size is { } size && file.Length != size)
            {
                throw new InvalidOperationException(
                    $"The raw file of received message {message.Id} ({relative}) holds {file.Length} bytes, not the {size} it was received with; it is left as it is.");
            }

            await InsertRawAsync(work, message.Id, file, file.Length, cancellationToken).ConfigureAwait(false);
        }

        await work.Connection.ExecuteAsync(work.Command(
            "UPDATE monitor_messages SET raw_path = NULL WHERE id = @Id", new { message.Id }, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a received message's raw bytes as a seekable stream: from memory when small; a larger one as a scratch
    /// copy streamed out of the database, deleted when the stream is closed; the stored file for a row written by an
    /// earlier version on SQLite (<see cref="ReceivedMessage.RawPath"/>).
    /// </summary>
    public async Task<Stream> OpenRawAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        if (message.RawPath is { } relative)
        {
            return new FileStream(spool.Absolute(relative), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }

        string scratch;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var select = connection.CreateCommand())
        {
            // SQLite streams the blob (rather than copying it) only when the row's rowid is selected too.
            select.CommandText = database.Dialect == SqlDialect.Sqlite
                ? "SELECT length(raw), raw, rowid FROM monitor_message_raw WHERE message_row_id = @id"
                : "SELECT length(raw), raw FROM monitor_message_raw WHERE message_row_id = @id";
            AddParameter(select, "id", message.Id);
            await using var reader = await select.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new FileNotFoundException($"The raw bytes of received message {message.Id} are missing from the database.");
            }

            var length = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            await using var source = reader.GetStream(1);
            if (length <= RawMessageSpool.InMemoryBytes)
            {
                // Small mail (nearly all of it) is parsed from memory: no scratch file written and read back.
                var bytes = new MemoryStream((int)length);
                await source.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
                bytes.Position = 0;
                return bytes;
            }

            scratch = spool.NewScratchPath();
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
    public static async Task<long?> FindFiledCopyAsync(UnitOfWork work, ReceivedMessage message, CancellationToken cancellationToken)
    {
        // Both ways in one statement (each half on its own index), a copy of the same bytes first: one statement a
        // message, not two.
        return await work.Connection.ExecuteScalarCachedAsync<long?>(work.Command($"""
            SELECT COALESCE(
                (SELECT MIN(id) FROM monitor_messages
                 WHERE digest = @Digest AND id <> @Id AND state <> '{MessageState.Received}'
                   AND (message_id = @MessageId OR (message_id IS NULL AND @MessageId IS NULL))),
                (SELECT MIN(id) FROM monitor_messages
                 WHERE @MessageId IS NOT NULL AND @ContentDigest IS NOT NULL
                   AND message_id = @MessageId AND content_digest = @ContentDigest AND id <> @Id AND state <> '{MessageState.Received}'))
            """, new { message.Digest, message.Id, message.MessageId, message.ContentDigest }, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Inside the filing transaction: stores how the message was filed. A message whose post-action was already done
    /// (a retried Not handled message) goes straight to completed. Returns false when the row was no longer
    /// <c>received</c> (someone else filed it), in which case the caller must roll back. <paramref name="filedAt"/>
    /// comes from the filer's <see cref="TimeProvider"/>, the clock the per-sender hourly limit
    /// (<see cref="CountNewRecordsFromAsync"/>) measures its hour with, so both sides of that comparison agree.
    /// </summary>
    public static async Task<bool> MarkFiledAsync(UnitOfWork work, ReceivedMessage message, DateTimeOffset filedAt, CancellationToken cancellationToken)
    {
        var now = filedAt.ToUnixTimeMilliseconds();
        return await work.Connection.ExecuteCachedAsync(work.Command($"""
            UPDATE monitor_messages SET
                state = CASE WHEN post_action_done THEN '{MessageState.Completed}' ELSE '{MessageState.Filed}' END,
                completed_at = CASE WHEN post_action_done THEN @now ELSE completed_at END,
                outcome = @Outcome, record_id = @RecordId, reason = @Reason, flagged = @Flagged,
                sender = @Sender, subject = @Subject, message_id = @MessageId, content_digest = @ContentDigest, filed_at = @now
            WHERE id = @Id AND state = '{MessageState.Received}'
            """, new { now, message.Outcome, message.RecordId, message.Reason, message.Flagged, message.Sender, message.Subject, message.MessageId, message.ContentDigest, message.Id },
            cancellationToken)).ConfigureAwait(false) == 1;
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
    public static async Task<int> CountNewRecordsFromAsync(UnitOfWork work, string sender, long since, CancellationToken cancellationToken) =>
        (int)await work.Connection.ExecuteScalarCachedAsync<long>(work.Command(
            $"SELECT COUNT(*) FROM monitor_messages WHERE sender = @sender AND outcome = '{MessageOutcome.NewRecord}' AND filed_at >= @since",
            new { sender, since }, cancellationToken)).ConfigureAwait(false);

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
