using MailKit.Security;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;

namespace Mailroom.Mail.Tests.Connections;

public sealed class MailEndpointTests
{
    [Theory]
    [InlineData(SecurityMode.None, 143, SecureSocketOptions.None)]
    [InlineData(SecurityMode.Ssl, 143, SecureSocketOptions.SslOnConnect)]
    [InlineData(SecurityMode.StartTls, 993, SecureSocketOptions.StartTls)]
    [InlineData(SecurityMode.Auto, 993, SecureSocketOptions.SslOnConnect)]
    [InlineData(SecurityMode.Auto, 995, SecureSocketOptions.SslOnConnect)]
    [InlineData(SecurityMode.Auto, 465, SecureSocketOptions.SslOnConnect)]
    [InlineData(SecurityMode.Auto, 143, SecureSocketOptions.StartTlsWhenAvailable)]
    [InlineData(SecurityMode.Auto, 587, SecureSocketOptions.StartTlsWhenAvailable)]
    public void SecurityMode_MapsToMailKitOptions(SecurityMode security, int port, SecureSocketOptions expected) =>
        Assert.Equal(expected, new MailEndpoint(MailProtocol.Imap, "h", port, security, false).SocketOptions);

    [Fact]
    public void Describes_ProtocolHostPortAndSecurity() =>
        Assert.Equal("POP3 mail.example:995 (ssl)", new MailEndpoint(MailProtocol.Pop3, "mail.example", 995, SecurityMode.Ssl, false).ToString());
}
