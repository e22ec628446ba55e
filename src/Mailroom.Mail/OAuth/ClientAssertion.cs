using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Mailroom.Core.Accounts;

namespace Mailroom.Mail.OAuth;

/// <summary>
/// The signed JWT a confidential client sends instead of a secret (RFC 7523; Microsoft's "certificate credentials"):
/// RS256 with the certificate's private key, the certificate named by its SHA-256 thumbprint (<c>x5t#S256</c>),
/// <c>aud</c> = the token URL, <c>iss</c> = <c>sub</c> = the client id, a fresh <c>jti</c>, and a lifetime of
/// <see cref="Lifetime"/> so an assertion that leaks is soon worthless.
/// </summary>
internal static class ClientAssertion
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <exception cref="OAuthException">The certificate is not base64 PKCS#12 or has no RSA private key.</exception>
    public static string Create(Secret certificate, string clientId, string tokenUrl, DateTimeOffset now)
    {
        using var cert = Load(certificate);
        using var rsa = cert.GetRSAPrivateKey() ?? throw new OAuthException(
            "client certificate: it has no RSA private key. Give the certificate as base64 PKCS#12 (.pfx) with its private key.",
            "invalid_client_certificate");
        var header = new AssertionHeaderJson { X5tS256 = Base64Url.Encode(SHA256.HashData(cert.RawData)) };
        var payload = new AssertionPayloadJson
        {
            Aud = tokenUrl,
            Iss = clientId,
            Sub = clientId,
            Jti = Guid.NewGuid().ToString(),
            Nbf = now.ToUnixTimeSeconds(),
            Iat = now.ToUnixTimeSeconds(),
            Exp = (now + Lifetime).ToUnixTimeSeconds(),
        };
        var signingInput = Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(header, OAuthJson.Default.AssertionHeaderJson))
            + "." + Base64Url.Encode(JsonSerializer.SerializeToUtf8Bytes(payload, OAuthJson.Default.AssertionPayloadJson));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.Encode(signature);
    }

    private static X509Certificate2 Load(Secret certificate)
    {
        try
        {
            // Ephemeral: the private key is never written to a key store on disk.
            return X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(certificate.Reveal()), password: null, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            // The exception's own text is left out: it never holds key material, but it says nothing useful either.
            throw new OAuthException(
                "client certificate: it could not be read. Give it as base64 PKCS#12 (.pfx) with its private key and no password.",
                "invalid_client_certificate");
        }
    }
}
