namespace Mailroom.Mail;

/// <summary>One message as <see cref="IIncomingMailbox.FetchAsync"/> downloaded it.</summary>
/// <param name="Message">The listed message this is.</param>
/// <param name="Content">
/// The raw MIME, readable until the next message is asked for; when <paramref name="Failure"/> is set, whatever raw
/// could be had, or null.
/// </param>
/// <param name="Failure">Why the message could not be read whole (for the Not handled list); null when it was.</param>
public sealed record FetchedMessage(MailboxMessage Message, Stream? Content, string? Failure);
