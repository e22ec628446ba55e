namespace Mailroom.Mail;

/// <summary>
/// One account's incoming folder, as the monitor sees it, whatever the protocol (IMAP, POP3, Exchange).
/// An instance holds one live connection and is used by one task at a time.
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

    /// <summary>Opens one listed message's raw MIME as a stream that is read as it goes, never buffered whole.</summary>
    Task<Stream> OpenAsync(MailboxMessage message, CancellationToken cancellationToken);

    /// <summary>Acts on a message after it was filed: mark read, move, or delete. POP3 always deletes.</summary>
    Task CompleteAsync(MailboxMessage message, PostAction action, CancellationToken cancellationToken);

    /// <summary>
    /// Returns when new mail may be waiting: at once on an IMAP IDLE notification, else after
    /// <paramref name="pollInterval"/>. <paramref name="cancellationToken"/> ends the wait early.
    /// </summary>
    Task WaitForNewMailAsync(TimeSpan pollInterval, CancellationToken cancellationToken);
}
