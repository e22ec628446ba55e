namespace Mailroom.Testing.Graph;

/// <summary>A message accepted by <c>sendMail</c>, kept as the client sent it.</summary>
/// <param name="Mailbox">The mailbox whose <c>sendMail</c> was called (its primary address).</param>
/// <param name="Mime">The MIME exactly as decoded from the request's base64 (or built from its JSON message).</param>
/// <param name="Recipients">The To, Cc and Bcc addresses it was sent to.</param>
/// <param name="DeliveredTo">Those of them that are mailboxes on this server, which got a copy in their Inbox.</param>
/// <param name="SentAt">When the server accepted it.</param>
public sealed record GraphSentMail(
    string Mailbox,
    byte[] Mime,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<string> DeliveredTo,
    DateTimeOffset SentAt)
{
    /// <summary>The MIME parsed, for assertions on headers.</summary>
    public MimeKit.MimeMessage Parse() => MimeKit.MimeMessage.Load(new MemoryStream(Mime));
}
