namespace Mailroom.Mail;

/// <summary>A message as listed on the server.</summary>
/// <param name="MailboxId">
/// Stable for this message in this mailbox: <c>UIDVALIDITY:UID</c> for IMAP, the UIDL for POP3, the item id for
/// Exchange. The monitor's de-duplication keys on it, with the account.
/// </param>
/// <param name="Size">The size in bytes as the server reports it, if it does.</param>
/// <param name="MessageId">
/// The Message-ID header where the listing has it cheaply (IMAP, Exchange): a second de-duplication key that
/// survives what changes <paramref name="MailboxId"/> (a new IMAP UIDVALIDITY, a move between folders).
/// </param>
public sealed record MailboxMessage(string MailboxId, long? Size, string? MessageId = null);
