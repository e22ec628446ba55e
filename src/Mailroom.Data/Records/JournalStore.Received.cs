using Dapper;
using Mailroom.Core.Records;

namespace Mailroom.Data.Records;

/// <summary>
/// Mail the monitor received, stored once (issue #16): its raw bytes are made durable in the ledger
/// (<c>monitor_message_raw</c>) before it is filed, and the Mail History entry points at that row
/// (<c>mail_history.received_message_id</c>) instead of copying the bytes into <c>mail_raw</c>. The record's raw
/// download, the Not handled list and the crash repair all read the same row. The reference is a foreign key, so the
/// database refuses to delete ledger bytes a journal entry still shows.
/// </summary>
public sealed partial class JournalStore
{
    /// <summary>
    /// Writes a Mail History entry for a received message, with its attachments, inside the filing transaction; its
    /// raw message is the ledger's copy of received message <paramref name="receivedMessageId"/>, which must already
    /// be in <c>monitor_message_raw</c> (see <c>MonitorMessageStore.MoveRawFileIntoDatabaseAsync</c> for rows an
    /// earlier version kept as a file). <see cref="NewMailEntry.Raw"/> is not used. Returns the entry id.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ledger holds no raw bytes for that message.</exception>
    public async Task<long> AddReceivedMailAsync(UnitOfWork work, NewMailEntry entry, long receivedMessageId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);

        // length() reads the blob's size from its header on both databases, not its bytes.
        var size = await work.Connection.ExecuteScalarAsync<long?>(work.Command(
            "SELECT length(raw) FROM monitor_message_raw WHERE message_row_id = @receivedMessageId", new { receivedMessageId },
            cancellationToken)).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                $"Received message {receivedMessageId} has no raw bytes in the ledger (monitor_message_raw), so its Mail History entry would have no raw message; "
                + "a message is filed only once its bytes are stored there.");
        return await AddReceivedMailAsync(work, entry, receivedMessageId, size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="AddReceivedMailAsync(UnitOfWork, NewMailEntry, long, CancellationToken)"/> for a
    /// caller that has the raw's size from the ledger row already (the monitor, once per message filed): no lookup.
    /// A ledger row without bytes is still refused, by the foreign key.
    /// </summary>
    public async Task<long> AddReceivedMailAsync(UnitOfWork work, NewMailEntry entry, long receivedMessageId, long rawSize,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(entry);
        var id = await InsertMailAsync(work, entry, rawSize, receivedMessageId, cancellationToken).ConfigureAwait(false);
        await InsertAttachmentsAsync(work, id, entry, cancellationToken).ConfigureAwait(false);
        return id;
    }
}
