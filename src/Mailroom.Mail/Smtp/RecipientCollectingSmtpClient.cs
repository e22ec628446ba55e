using MailKit.Net.Smtp;
using MimeKit;

namespace Mailroom.Mail.Smtp;

/// <summary>
/// An SMTP client that goes on with the other recipients when the server refuses one (MailKit's default throws at
/// the first), remembering each refusal with the server's words.
/// </summary>
internal sealed class RecipientCollectingSmtpClient : SmtpClient
{
    public List<RejectedRecipient> Rejected { get; } = [];

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        var code = (int)response.StatusCode;
        Rejected.Add(new RejectedRecipient(mailbox.Address, $"{code} {response.Response}", IsTransient: code is >= 400 and < 500));
    }
}
