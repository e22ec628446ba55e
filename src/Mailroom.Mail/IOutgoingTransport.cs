using MimeKit;

namespace Mailroom.Mail;

/// <summary>
/// Sends mail through one account (SMTP, or Exchange CreateItem). One instance may send many messages over one
/// connection; it is used by one task at a time.
/// </summary>
public interface IOutgoingTransport : IAsyncDisposable
{
    /// <summary>
    /// Sends one message. Returns which recipients the server refused when it accepted the message for others.
    /// Throws <see cref="MailSendException"/> when the message was not accepted at all, telling a temporary failure
    /// (retry later) from a permanent one (give up and show it).
    /// </summary>
    Task<SendOutcome> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
