using Mailroom.Testing;
using MimeKit;

namespace Mailroom.Mail.Tests.Support;

/// <summary>Small test messages, delivered to their To address through <see cref="MailServer"/>.</summary>
internal static class TestMessages
{
    public static MimeMessage New(MailUser to, string subject, string body = "Hello from the tests.")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse($"sender@{MailServer.DefaultDomain}"));
        message.To.Add(MailboxAddress.Parse(to.Address));
        message.Subject = subject;
        message.MessageId = $"{Guid.NewGuid():N}@{MailServer.DefaultDomain}";
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    /// <summary>Delivers through Postfix on port 25 to the message's first To address.</summary>
    public static Task DeliverAsync(MimeMessage message) =>
        MailServer.DeliverAsync(message.To.Mailboxes.First().Address, message);
}
