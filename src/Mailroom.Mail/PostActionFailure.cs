namespace Mailroom.Mail;

/// <summary>A post-action the server refused for one message (the connection is fine); tried again on the next check.</summary>
/// <param name="Message">The message the action was refused for.</param>
/// <param name="Reason">The server's reason, for the administrator.</param>
public sealed record PostActionFailure(MailboxMessage Message, string Reason);
