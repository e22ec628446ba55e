namespace Mailroom.Mail;

/// <summary>A recipient the server refused, with the server's reply.</summary>
public sealed record RejectedRecipient(string Address, string ServerReply, bool IsTransient);
