namespace Mailroom.Mail;

/// <summary>What <see cref="IIncomingMailbox.ListAsync"/> found.</summary>
/// <param name="Messages">The messages to handle, oldest first.</param>
/// <param name="Checkpoint">Opaque; to be stored once all of <paramref name="Messages"/> are filed.</param>
/// <param name="CheckpointReset">The stored checkpoint was no longer valid and the folder was listed afresh.</param>
public sealed record MailboxListing(IReadOnlyList<MailboxMessage> Messages, string? Checkpoint, bool CheckpointReset);
