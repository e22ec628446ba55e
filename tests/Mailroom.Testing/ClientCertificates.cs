using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mailroom.Testing;

/// <summary>
/// Client certificates as an administrator exports them for an app registration (a .pfx without a password, private
/// key included), made fresh per call so no key sits in the repository.
/// </summary>
public static class ClientCertificates
{
    /// <summary>A PKCS#12 file with a self-signed RSA certificate and its private key, no password.</summary>
    public static byte[] CreatePfx(string subject = "CN=mailroom-test-client")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.Export(X509ContentType.Pkcs12);
    }

    /// <summary>The same kind of certificate without its private key: it cannot sign a client assertion.</summary>
    public static byte[] CreatePfxWithoutKey()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=mailroom-test-public-only", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        return publicOnly.Export(X509ContentType.Pkcs12);
    }
}
