using System.Data.Common;
using Dapper;
using Mailroom.Core.Conversations;
using Mailroom.Core.Records;

namespace Mailroom.Data.Records;

/// <summary>
/// Record and customer journals, and the Mail History in them: writing entries, reading them back, and the two
/// lookups the monitor matches replies with (Message-ID and Conversation ID).
/// </summary>
public sealed partial class JournalStore(MailroomDatabase database, TimeProvider timeProvider)
{
    private readonly TimeProvider _time = timeProvider;

    /// <summary>Adds a note to a record's journal.</summary>
    public async Task<long> AddNoteAsync(long recordId, string text, bool needsAttention, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO journal_entries (record_id, customer_id, kind, created_at, text, needs_attention, attention_reason)
            VALUES (@recordId, NULL, 'note', @now, @text, @needsAttention, NULL) RETURNING id
            """,
            new { recordId, text, needsAttention, now = _time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Writes a Mail History entry, its attachments and its raw bytes in one transaction; returns the entry id.</summary>
    public Task<long> AddMailAsync(NewMailEntry entry, CancellationToken cancellationToken) =>
        database.InTransactionAsync(work => AddMailAsync(work, entry, cancellationToken), cancellationToken);

    /// <summary>
    /// As <see cref="AddMailAsync(NewMailEntry, CancellationToken)"/>, inside the caller's unit of work: the monitor files
    /// a message together with its de-duplication mark, the outbox together with its queue row.
    /// </summary>
    public Task<long> AddMailAsync(UnitOfWork work, NewMailEntry entry, CancellationToken cancellationToken) =>
        AddMailAsync(work, entry, null, cancellationToken);

    /// <summary>
    /// As <see cref="AddMailAsync(UnitOfWork, NewMailEntry, CancellationToken)"/>, with the raw message
    /// read from <paramref name="raw"/> (a seekable stream, from its current position to its end) instead of
    /// <see cref="NewMailEntry.Raw"/>: the bytes are streamed into the database, never held whole in memory, so a
    /// message of tens of megabytes costs a buffer, not its size. Null: use <see cref="NewMailEntry.Raw"/>. The entry
    /// keeps its own copy in <c>mail_raw</c>: for mail whose bytes are stored nowhere else (what the desk sends, which
    /// the outbox sends from). Mail the monitor received goes in with <c>AddReceivedMailAsync</c> instead, which
    /// points at the ledger's copy rather than writing the bytes a second time.
    /// </summary>
    public async Task<long> AddMailAsync(UnitOfWork work, NewMailEntry entry, Stream? raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(entry);
        var id = await InsertMailAsync(work, entry, raw is null ? entry.Raw.Length : raw.Length - raw.Position, null, cancellationToken).ConfigureAwait(false);
        if (raw is null)
        {
            await work.Connection.ExecuteAsync(work.Command(
                "INSERT INTO mail_raw (entry_id, content) VALUES (@id, @content)",
                new { id, content = entry.Raw.ToArray() }, cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            await InsertRawAsync(work, id, raw, cancellationToken).ConfigureAwait(false);
        }

        await InsertAttachmentsAsync(work, id, entry, cancellationToken).ConfigureAwait(false);
        return id;
    }

    private async Task InsertAttachmentsAsync(UnitOfWork work, long id, NewMailEntry entry, CancellationToken cancellationToken)
    {
        for (var i = 0; i < entry.Attachments.Count; i++)
        {
            await InsertAttachmentAsync(work, id, i, entry.Attachments[i], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A record's journal, oldest first, with attachment names and sizes (not their bytes).</summary>
    public Task<IReadOnlyList<JournalEntry>> ListForRecordAsync(long recordId, CancellationToken cancellationToken) =>
        ListAsync("j.record_id = @key", recordId, cancellationToken);

    /// <summary>A customer's journal, oldest first.</summary>
    public Task<IReadOnlyList<JournalEntry>> ListForCustomerAsync(long customerId, CancellationToken cancellationToken) =>
        ListAsync("j.customer_id = @key", customerId, cancellationToken);

    public async Task<JournalEntry?> GetAsync(long entryId, CancellationToken cancellationToken)
    {
        var entries = await ListAsync("j.id = @key", entryId, cancellationToken).ConfigureAwait(false);
        return entries.Count == 0 ? null : entries[0];
    }

    /// <summary>
    /// One attachment with its bytes loaded whole; null when there is no such attachment. For small ones (inline
    /// images a page embeds); downloads use <see cref="OpenAttachmentAsync"/>.
    /// </summary>
    public async Task<MailAttachment?> GetAttachmentAsync(long attachmentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<AttachmentRow>(new CommandDefinition(
            AttachmentRow.Select + " WHERE id = @attachmentId", new { attachmentId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var content = await connection.ExecuteScalarAsync<byte[]>(new CommandDefinition(
            "SELECT content FROM mail_attachments WHERE id = @attachmentId", new { attachmentId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row.ToAttachment(content);
    }

    /// <summary>
    /// Which record and entry hold the message with this Message-ID (sent or filed); the newest when several do; null
    /// when none. Angle brackets and case do not matter.
    /// </summary>
    public async Task<MessageIdOwner?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken)
    {
        var found = await FindByMessageIdsAsync([messageId], cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>
    /// The newest entry whose Message-ID is any of <paramref name="messageIds"/> (a reply's In-Reply-To and References
    /// together); null when none is known.
    /// </summary>
    public async Task<MessageIdOwner?> FindByMessageIdsAsync(IEnumerable<string> messageIds, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindMessageIdOwnerAsync(connection, null, messageIds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="FindByMessageIdsAsync(IEnumerable{string}, CancellationToken)"/>, inside the caller's unit of work:
    /// the monitor must see the messages it filed earlier in the same, not yet committed, group.
    /// </summary>
    public Task<MessageIdOwner?> FindByMessageIdsAsync(UnitOfWork work, IEnumerable<string> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return FindMessageIdOwnerAsync(work.Connection, work.Transaction, messageIds, cancellationToken);
    }

    // Shared by the read on a connection of its own (no transaction: a reader must not take SQLite's write lock) and
    // the read inside a unit of work.
    private async Task<MessageIdOwner?> FindMessageIdOwnerAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<string> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        var keys = messageIds.Select(MessageIds.Key).Where(k => k is not null).Distinct().ToArray();
        if (keys.Length == 0)
        {
            return null;
        }

        var row = await connection.QueryFirstOrDefaultAsync<(long? RecordId, long EntryId, string Direction)>(new CommandDefinition(
            "SELECT j.record_id, j.id, m.direction FROM mail_history m JOIN journal_entries j ON j.id = m.entry_id WHERE "
            + SqlLists.In(database.Dialect, "m.message_id_key", "keys") + " ORDER BY j.id DESC LIMIT 1",
            new { keys }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row.EntryId == 0 ? null : new MessageIdOwner(row.RecordId, row.EntryId, EnumText.Direction(row.Direction));
    }

    /// <summary>
    /// The Thread-Index a new mail from a record continues (base64), or null to start a new conversation: that of the
    /// answered entry <paramref name="entryId"/> when it has one, else that of the record's oldest mail that has one
    /// (the request, usually), so every mail of the record stays in one Outlook conversation.
    /// </summary>
    public async Task<string?> FindThreadIndexAsync(long recordId, long? entryId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (entryId is { } parent)
        {
            var own = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                """
                SELECT m.thread_index FROM mail_history m JOIN journal_entries j ON j.id = m.entry_id
                WHERE j.id = @parent AND j.record_id = @recordId
                """,
                new { parent, recordId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (own is not null)
            {
                return own;
            }
        }

        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            """
            SELECT m.thread_index FROM mail_history m JOIN journal_entries j ON j.id = m.entry_id
            WHERE j.record_id = @recordId AND m.thread_index IS NOT NULL ORDER BY j.id LIMIT 1
            """,
            new { recordId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// The record a Conversation ID belongs to (written any way: <c>{CMI: ABCD1234}</c>, <c>abcd1234</c>); null when
    /// Mailroom never gave or filed it. The earliest message with that ID names the record: a later reply filed
    /// elsewhere by hand does not move the conversation.
    /// </summary>
    public async Task<ConversationOwner?> FindByConversationIdAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var key = ConversationKeys.Key(conversationId);
        return key is null ? null : await FindByConversationKeyAsync(connection, null, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="FindByConversationIdAsync(string, CancellationToken)"/>, inside the caller's unit of work (the
    /// monitor's filing transaction).
    /// </summary>
    public async Task<ConversationOwner?> FindByConversationIdAsync(UnitOfWork work, string conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var key = ConversationKeys.Key(conversationId);
        return key is null ? null : await FindByConversationKeyAsync(work.Connection, work.Transaction, key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="FindByConversationIdAsync(UnitOfWork, string, CancellationToken)"/> for an ID the caller has
    /// already read from the mail (the monitor's filing transaction).
    /// </summary>
    public Task<ConversationOwner?> FindByConversationIdAsync(UnitOfWork work, ConversationId conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return FindByConversationKeyAsync(work.Connection, work.Transaction, ConversationKeys.Key(conversationId), cancellationToken);
    }

    // Shared by the read on a connection of its own (no transaction) and the read inside a unit of work.
    private static async Task<ConversationOwner?> FindByConversationKeyAsync(DbConnection connection, DbTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        var row = await connection.QueryFirstOrDefaultAsync<(long? RecordId, long EntryId)>(new CommandDefinition(
            """
            SELECT j.record_id, j.id FROM mail_history m JOIN journal_entries j ON j.id = m.entry_id
            WHERE m.conversation_key = @key AND m.direction = 'out' ORDER BY j.id LIMIT 1
            """,
            new { key }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row.EntryId == 0 ? null : new ConversationOwner(row.RecordId, row.EntryId);
    }

    /// <summary>
    /// Marks an outgoing message failed after the fact (a bounce came back) and flags its entry for an agent.
    /// Returns false when there is no such outgoing entry.
    /// </summary>
    public Task<bool> MarkDeliveryFailedAsync(long entryId, string detail, CancellationToken cancellationToken) =>
        database.InTransactionAsync(work => MarkDeliveryFailedAsync(work, entryId, detail, cancellationToken), cancellationToken);

    /// <summary>As <see cref="MarkDeliveryFailedAsync(long, string, CancellationToken)"/>, inside the caller's unit of work (the monitor files the bounce in the same one).</summary>
    public static async Task<bool> MarkDeliveryFailedAsync(UnitOfWork work, long entryId, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var affected = await work.Connection.ExecuteAsync(work.Command(
            "UPDATE mail_history SET delivery_state = 'failed', delivery_detail = @detail WHERE entry_id = @entryId AND direction = 'out'",
            new { entryId, detail }, cancellationToken)).ConfigureAwait(false);
        if (affected == 0)
        {
            return false;
        }

        await work.Connection.ExecuteAsync(work.Command(
            "UPDATE journal_entries SET needs_attention = @yes, attention_reason = @reason WHERE id = @entryId",
            new { entryId, yes = true, reason = "Delivery failed: " + detail }, cancellationToken)).ConfigureAwait(false);
        return true;
    }

    private async Task<IReadOnlyList<JournalEntry>> ListAsync(string where, long key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<JournalRow>(new CommandDefinition(
            JournalRow.Select + " WHERE " + where + " ORDER BY j.id", new { key }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToArray();
        var attachments = (await connection.QueryAsync<AttachmentRow>(new CommandDefinition(
            AttachmentRow.Select + " WHERE " + SqlLists.In(database.Dialect, "entry_id", "ids") + " ORDER BY entry_id, position", new { ids }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToLookup(a => a.EntryId);
        return rows.Select(r => r.ToEntry(attachments[r.Id].Select(a => a.ToAttachment()).ToList())).ToList();
    }
}
