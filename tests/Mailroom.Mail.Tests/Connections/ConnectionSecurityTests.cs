using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Tests.Connections;

/// <summary>Every security mode on its port of the real Dovecot and Postfix, and the certificate policy.</summary>
public sealed class ConnectionSecurityTests
{
    [Theory]
    [InlineData("imap", 143, SecurityMode.StartTls)]
    [InlineData("imap", 993, SecurityMode.Ssl)]
    [InlineData("imap", 143, SecurityMode.Auto)]
    [InlineData("imap", 993, SecurityMode.Auto)]
    [InlineData("pop3", 110, SecurityMode.StartTls)]
    [InlineData("pop3", 995, SecurityMode.Ssl)]
    [InlineData("pop3", 110, SecurityMode.Auto)]
    [InlineData("pop3", 995, SecurityMode.Auto)]
    [InlineData("smtp", 587, SecurityMode.StartTls)]
    [InlineData("smtp", 587, SecurityMode.Auto)]
    public async Task SecurityMode_OnItsPort_ConnectsEncryptedAndSignsIn(string protocol, int port, SecurityMode security)
    {
        var user = await MailServer.CreateUserAsync("sec");
        var (client, endpoint) = Client(protocol, port, security, allowInvalid: true);
        using (client)
        {
            var connector = Accounts.Connector();
            await connector.OpenAsync(client, endpoint, new Credentials(user.Address, new Secret(user.Password)), CancellationToken.None);

            Assert.True(client.IsSecure, $"{endpoint} should be encrypted");
            Assert.True(client.IsAuthenticated);
            await client.DisconnectAsync(true);
        }
    }

    [Theory]
    [InlineData("imap", 143)]
    [InlineData("pop3", 110)]
    public async Task SecurityNone_OnThePlainPort_SignsInWithoutTls(string protocol, int port)
    {
        var user = await MailServer.CreateUserAsync("plain");
        var (client, endpoint) = Client(protocol, port, SecurityMode.None, allowInvalid: false);
        using (client)
        {
            await Accounts.Connector().OpenAsync(client, endpoint, new Credentials(user.Address, new Secret(user.Password)), CancellationToken.None);

            Assert.False(client.IsSecure);
            Assert.True(client.IsAuthenticated);
        }
    }

    [Theory]
    [InlineData("imap", 993, SecurityMode.Ssl)]
    [InlineData("imap", 143, SecurityMode.StartTls)]
    [InlineData("pop3", 995, SecurityMode.Ssl)]
    [InlineData("smtp", 587, SecurityMode.StartTls)]
    public async Task SelfSignedCertificate_WithoutAllowInvalid_IsRefusedNamingSubjectIssuerAndExpiry(string protocol, int port, SecurityMode security)
    {
        var (client, endpoint) = Client(protocol, port, security, allowInvalid: false);
        using (client)
        {
            var failure = await Assert.ThrowsAsync<MailConnectionException>(() => Accounts.Connector().ConnectAsync(client, endpoint, CancellationToken.None));

            Assert.Equal(MailFailureKind.CertificateNotTrusted, failure.Kind);
            Assert.Contains("subject CN=localhost", failure.Message, StringComparison.Ordinal);
            Assert.Contains("issuer CN=localhost", failure.Message, StringComparison.Ordinal);
            Assert.Contains("expires 20", failure.Message, StringComparison.Ordinal);
            Assert.Contains("self-signed", failure.Message, StringComparison.Ordinal);
            Assert.Contains("Allow Invalid Server Certificate", failure.Message, StringComparison.Ordinal);
            Assert.False(client.IsConnected);
        }
    }

    [Fact]
    public async Task SelfSignedCertificate_WithAllowInvalid_IsAcceptedAndEveryConnectionLogsAWarning()
    {
        var logger = new CollectingLogger<MailConnector>();
        var connector = Accounts.Connector(logger);
        for (var i = 0; i < 2; i++)
        {
            var (client, endpoint) = Client("imap", 993, SecurityMode.Ssl, allowInvalid: true);
            using (client)
            {
                await connector.ConnectAsync(client, endpoint, CancellationToken.None);
                Assert.True(client.IsSecure);
            }
        }

        var warnings = logger.Entries.Where(e => e.Level == LogLevel.Warning && e.Id.Id == 3001).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w =>
        {
            Assert.Contains("IMAP 127.0.0.1:993 (ssl)", w.Message, StringComparison.Ordinal);
            Assert.Contains("RemoteCertificateChainErrors", w.Message, StringComparison.Ordinal);
            Assert.Contains("subject CN=localhost", w.Message, StringComparison.Ordinal);
            Assert.Contains("issuer CN=localhost", w.Message, StringComparison.Ordinal);
            Assert.Contains("expires 20", w.Message, StringComparison.Ordinal);
        });
    }

    internal static (MailKit.MailService Client, MailEndpoint Endpoint) Client(string protocol, int port, SecurityMode security, bool allowInvalid) => protocol switch
    {
        "imap" => (new ImapClient(), new MailEndpoint(MailProtocol.Imap, MailServer.Host, port, security, allowInvalid)),
        "pop3" => (new Pop3Client(), new MailEndpoint(MailProtocol.Pop3, MailServer.Host, port, security, allowInvalid)),
        _ => (new SmtpClient(), new MailEndpoint(MailProtocol.Smtp, MailServer.Host, port, security, allowInvalid)),
    };
}
