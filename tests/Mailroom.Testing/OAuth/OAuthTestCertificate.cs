using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mailroom.Testing.OAuth;

/// <summary>Self-signed client certificates for certificate credentials (register the certificate, give the account its PKCS#12).</summary>
public static class OAuthTestCertificate
{
    /// <summary>A new RSA 2048 certificate with its private key.</summary>
    public static X509Certificate2 Create(string subject = "CN=mailroom-test-client")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var made = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        // Round-trip through PKCS#12 so the key is usable on every platform, as a loaded .pfx would be.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.EphemeralKeySet);
    }

    /// <summary>The certificate with its key as base64 PKCS#12 without a password, the form an account keeps.</summary>
    public static string ToPkcs12Base64(X509Certificate2 certificate) => Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));
}
