using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Tests.Connections;

/// <summary>The certificate policy on problems the test server's certificate does not have (wrong host, expired).</summary>
public sealed class CertificateCheckTests
{
    [Fact]
    public void WrongHostCertificate_AllowedByTheAccount_IsAcceptedWithAWarningNamingTheMismatch()
    {
        var logger = new CollectingLogger<MailConnector>();
        var check = new CertificateCheck(Endpoint(allowInvalid: true), logger);
        using var cert = Certificate("CN=other.example", DateTimeOffset.UtcNow.AddDays(30));

        Assert.True(check.Validate(this, cert, null, SslPolicyErrors.RemoteCertificateNameMismatch));

        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("another host name", warning.Message, StringComparison.Ordinal);
        Assert.Contains("CN=other.example", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpiredCertificate_NotAllowed_IsRefusedAndRemembersItsExpiry()
    {
        var check = new CertificateCheck(Endpoint(allowInvalid: false), new CollectingLogger<MailConnector>());
        var expiry = new DateTimeOffset(2020, 1, 2, 3, 4, 0, TimeSpan.Zero);
        using var cert = Certificate("CN=mail.example", expiry);

        Assert.False(check.Validate(this, cert, null, SslPolicyErrors.RemoteCertificateChainErrors));

        Assert.Equal("2020-01-02 03:04 UTC", check.FormatExpiry());
        Assert.Equal("CN=mail.example", check.Subject);
        Assert.NotNull(check.Problem);
    }

    [Fact]
    public void ValidCertificate_IsAcceptedWithoutAWarning()
    {
        var logger = new CollectingLogger<MailConnector>();
        var check = new CertificateCheck(Endpoint(allowInvalid: true), logger);
        using var cert = Certificate("CN=mail.example", DateTimeOffset.UtcNow.AddDays(30));

        Assert.True(check.Validate(this, cert, null, SslPolicyErrors.None));

        Assert.Null(check.Problem);
        Assert.Empty(logger.Entries);
    }

    private static MailEndpoint Endpoint(bool allowInvalid) => new(MailProtocol.Imap, "mail.example", 993, SecurityMode.Ssl, allowInvalid);

    private static X509Certificate2 Certificate(string subject, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(notAfter.AddYears(-1), notAfter);
    }
}
