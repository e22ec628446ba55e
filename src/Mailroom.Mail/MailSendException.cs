namespace Mailroom.Mail;

/// <summary>
/// A message was not accepted. <see cref="IsTransient"/> says whether a later try may succeed (4xx replies, a lost
/// or refused connection, a busy server) or not (5xx replies, every recipient refused).
/// <see cref="MaybeAccepted"/> is set when the connection broke after the message data was sent, so the server may
/// have taken it: a retry must carry the same Message-ID.
/// </summary>
public sealed class MailSendException : Exception
{
    public MailSendException(string message, bool isTransient, string? serverReply = null, bool maybeAccepted = false, Exception? inner = null)
        : base(message, inner)
    {
        IsTransient = isTransient;
        ServerReply = serverReply;
        MaybeAccepted = maybeAccepted;
    }

    public bool IsTransient { get; }

    /// <summary>The server's own words, where it said any.</summary>
    public string? ServerReply { get; }

    public bool MaybeAccepted { get; }
}
