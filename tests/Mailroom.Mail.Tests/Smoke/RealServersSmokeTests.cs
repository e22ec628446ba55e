using MailKit;
using Mailroom.Testing;
using MimeKit;

namespace Mailroom.Mail.Tests.Smoke;

/// <summary>Proves the test servers are real: mail submitted to Postfix with STARTTLS and SASL is delivered by LMTP
/// into Dovecot and read back over IMAP and over POP3; and they refuse what they must refuse.</summary>
public sealed class RealServersSmokeTests
{
    [Fact]
    public async Task Mail_submitted_with_sasl_is_read_back_over_imap_and_pop3()
    {
        var ct = CancellationToken.None;
        var sender = await MailServer.CreateUserAsync("smoke-from", cancellationToken: ct);
        var recipient = await MailServer.CreateUserAsync("smoke-to", cancellationToken: ct);
        var subject = "Smoke " + Guid.NewGuid().ToString("N")[..8];
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(sender.Address));
        message.To.Add(MailboxAddress.Parse(recipient.Address));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "The printer is on fire." };

        using (var smtp = await MailServer.ConnectSubmissionAsync(sender, ct))
        {
            Assert.True(smtp.IsSecure, "submission must run over STARTTLS");
            Assert.True(smtp.IsAuthenticated);
            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(true, ct);
        }

        var imapMessages = await MailServer.WaitForMessagesAsync(recipient, 1, cancellationToken: ct);
        var viaImap = Assert.Single(imapMessages);
        Assert.Equal(subject, viaImap.Subject);
        Assert.Equal(sender.Address, viaImap.From.Mailboxes.Single().Address);
        Assert.Contains("The printer is on fire.", viaImap.TextBody, StringComparison.Ordinal);

        using var pop3 = await MailServer.ConnectPop3Async(recipient, ct);
        Assert.True(pop3.IsSecure);
        Assert.Equal(1, pop3.Count);
        var viaPop3 = await pop3.GetMessageAsync(0, ct);
        Assert.Equal(subject, viaPop3.Subject);
        Assert.Equal(viaImap.MessageId, viaPop3.MessageId);
        await pop3.DisconnectAsync(true, ct);
    }

    [Fact]
    public async Task Submission_without_authentication_is_refused()
    {
        var ct = CancellationToken.None;
        var recipient = await MailServer.CreateUserAsync("smoke-noauth", cancellationToken: ct);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("stranger@elsewhere.test"));
        message.To.Add(MailboxAddress.Parse(recipient.Address));
        message.Subject = "Should not pass";
        message.Body = new TextPart("plain") { Text = "x" };

        using var smtp = new MailKit.Net.Smtp.SmtpClient { ServerCertificateValidationCallback = MailServer.AcceptAnyCertificate };
        await smtp.ConnectAsync(MailServer.Host, MailServer.SubmissionPort, MailKit.Security.SecureSocketOptions.StartTls, ct);
        var refused = await Assert.ThrowsAnyAsync<MailKit.Net.Smtp.SmtpCommandException>(() => smtp.SendAsync(message, ct));
        Assert.Equal(MailKit.Net.Smtp.SmtpStatusCode.TransactionFailed, refused.StatusCode);
    }

    [Fact]
    public async Task Wrong_password_is_refused_over_imap()
    {
        var ct = CancellationToken.None;
        var user = await MailServer.CreateUserAsync("smoke-pw", cancellationToken: ct);
        await Assert.ThrowsAsync<MailKit.Security.AuthenticationException>(
            () => MailServer.ConnectImapAsync(user with { Password = "not-the-password" }, ct));
    }

    [Fact]
    public async Task Mail_delivered_on_port_25_arrives_with_its_headers_intact()
    {
        var ct = CancellationToken.None;
        var user = await MailServer.CreateUserAsync("smoke-25", cancellationToken: ct);
        var raw = "From: Customer <customer@elsewhere.test>\r\nTo: " + user.Address + "\r\nSubject: Raw delivery\r\n" +
                  "Message-ID: <raw-1@elsewhere.test>\r\nX-Ticket: 42\r\n\r\nHello.\n.hidden line starts with a dot\n";

        await MailServer.DeliverRawAsync(user.Address, System.Text.Encoding.ASCII.GetBytes(raw), ct);

        var message = Assert.Single(await MailServer.WaitForMessagesAsync(user, 1, cancellationToken: ct));
        Assert.Equal("raw-1@elsewhere.test", message.MessageId);
        Assert.Equal("42", message.Headers["X-Ticket"]);
        Assert.Contains(".hidden line starts with a dot", message.TextBody, StringComparison.Ordinal);
        using var imap = await MailServer.ConnectImapAsync(user, ct);
        Assert.True(imap.Capabilities.HasFlag(MailKit.Net.Imap.ImapCapabilities.Idle));
        Assert.True(imap.Capabilities.HasFlag(MailKit.Net.Imap.ImapCapabilities.Move));
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, ct);
        Assert.Equal(1, imap.Inbox.Count);
    }
}
