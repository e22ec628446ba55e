namespace Mailroom.Mail;

/// <summary>
/// One account's incoming folder, as the monitor sees it, whatever the protocol (IMAP, POP3, Exchange, Graph).
/// An instance holds one live connection and is used by one task at a time. Fetching and completing take many
/// messages at once, so that each protocol can do them in as few round trips as it allows: a caller that asked one
/// message at a time would pay a round trip per message.
/// </summary>
public interface IIncomingMailbox : IAsyncDisposable
{
    /// <summary>
    /// Lists the messages on the server not yet handled, given the checkpoint the monitor stored after its last
    /// committed batch (null the first time). The listing's <see cref="MailboxListing.Checkpoint"/> is what to store
    /// once every listed message is filed. When the server invalidated the checkpoint (a new IMAP UIDVALIDITY, an
    /// invalid EWS sync state) the listing says so and lists the folder afresh; the monitor's de-duplication keeps
    /// anything from being filed twice.
    /// </summary>
    Task<MailboxListing> ListAsync(string? checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Downloads many listed messages in as few round trips as the protocol allows (IMAP: one UID FETCH BODY.PEEK[]
    /// per set; POP3: pipelined RETR; EWS: GetItem with many ids; Graph: $value per id, a few at once), yielding each
    /// in the order given. A yielded <see cref="FetchedMessage.Content"/> stream is readable until the next item is
    /// asked for (the mailbox disposes it then). A message that cannot be read is yielded with
    /// <see cref="FetchedMessage.Failure"/> set (and Content holding whatever raw could be had, or null), never
    /// thrown; a lost connection throws.
    /// </summary>
    IAsyncEnumerable<FetchedMessage> FetchAsync(IReadOnlyList<MailboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Acts on many filed messages at once: mark read, move, or delete (IMAP: one UID STORE/MOVE per set; EWS: one
    /// MoveItem/UpdateItem; Graph: $batch of 20). POP3 always deletes. A message no longer there counts as done (the
    /// monitor repeats post-actions after a crash). Returns those the server refused, each with the reason; throws
    /// only when the connection is lost.
    /// </summary>
    Task<IReadOnlyList<PostActionFailure>> CompleteAsync(IReadOnlyList<MailboxMessage> messages, PostAction action, CancellationToken cancellationToken);

    /// <summary>
    /// Returns when new mail may be waiting: at once on an IMAP IDLE notification, else after
    /// <paramref name="pollInterval"/>. <paramref name="cancellationToken"/> ends the wait early.
    /// </summary>
    Task WaitForNewMailAsync(TimeSpan pollInterval, CancellationToken cancellationToken);
}
