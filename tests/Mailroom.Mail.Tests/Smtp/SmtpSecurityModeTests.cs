using Mailroom.Core.Accounts;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;
using MimeKit;

namespace Mailroom.Mail.Tests.Smtp;

/// <summary>
/// Every SMTP security mode an account can name, sent through the real Postfix: none on 25 (no sign-in), STARTTLS on
/// 587, SSL on 465, and auto on each. Postfix's Received header names what the session really was (RFC 3848: ESMTP,
/// ESMTPS with TLS, ESMTPSA with TLS and a sign-in), so each case proves its mode, not only that mail got through.
/// </summary>
public sealed class SmtpSecurityModeTests
{
    [Theory]
    [InlineData(SecurityMode.None, MailServer.SmtpPort, false, "ESMTP")]
    [InlineData(SecurityMode.StartTls, MailServer.SubmissionPort, true, "ESMTPSA")]
    [InlineData(SecurityMode.Ssl, MailServer.SmtpsPort, true, "ESMTPSA")]
    [InlineData(SecurityMode.Auto, MailServer.SmtpsPort, true, "ESMTPSA")]      // SSL on the SSL port
    [InlineData(SecurityMode.Auto, MailServer.SubmissionPort, true, "ESMTPSA")] // STARTTLS where offered
    [InlineData(SecurityMode.Auto, MailServer.SmtpPort, false, "ESMTPS")]       // port 25 offers STARTTLS too
    public async Task A_mail_sent_in_each_security_mode_arrives_over_the_session_that_mode_means(SecurityMode mode, int port, bool signIn, string protocol)
    {
        var sender = await MailServer.CreateUserAsync("mode");
        var recipient = await MailServer.CreateUserAsync("moderc");
        var account = Accounts.Imap(sender) with
        {
            // Port 25 takes mail for local users without a sign-in, as a relay inside a network does.
            Outgoing = new OutgoingServer(MailServer.Host, port, mode, UseIncomingCredentials: signIn, Credentials: signIn ? null : Credentials.Empty),
        };
        var subject = $"{mode} on {port} {Guid.NewGuid():N}";
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(sender.Address));
        message.To.Add(MailboxAddress.Parse(recipient.Address));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "body" };

        await using (var transport = await Accounts.Factory().OpenOutgoingAsync(account, CancellationToken.None))
        {
            Assert.Empty((await transport.SendAsync(message, CancellationToken.None)).RejectedRecipients);
        }

        var arrived = Assert.Single(await MailServer.WaitForMessagesAsync(recipient), m => m.Subject == subject);
        var received = arrived.Headers.Where(h => h.Id == HeaderId.Received).Select(h => h.Value).ToList();
        var fromClient = received.Last(); // the first hop: Postfix taking it from the transport under test
        Assert.Matches($@"\bwith {protocol}\b", fromClient);
    }
}
