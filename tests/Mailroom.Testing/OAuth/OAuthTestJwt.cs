using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.OAuth;

/// <summary>
/// JWTs as the local server writes and reads them: HS256 access tokens (the same key Dovecot's oauth2 passdb checks
/// with <c>introspection_mode = local</c>), and RS256 client assertions (RFC 7523) from certificate clients.
/// Written from RFC 7515/7519, not from the client under test.
/// </summary>
internal static class OAuthTestJwt
{
    public static string SignHs256(JsonObject payload, byte[] key)
    {
        // No kid and no azp: Dovecot then looks the key up as default/HS256/default.
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>The payload of an HS256 token signed with <paramref name="key"/>, or null with the reason.</summary>
    public static JsonObject? VerifyHs256(string token, byte[] key, out string? failure)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || Read(parts[0]) is not { } header || Read(parts[1]) is not { } payload)
        {
            failure = "not a JWT";
            return null;
        }

        if ((string?)header["alg"] != "HS256")
        {
            failure = "alg is not HS256";
            return null;
        }

        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!TryDecode(parts[2], out var signature) || !CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            failure = "signature does not match";
            return null;
        }

        failure = null;
        return payload;
    }

    /// <summary>The header and payload of an RS256 assertion signed by <paramref name="certificate"/>'s key, or null with the reason.</summary>
    public static (JsonObject Header, JsonObject Payload)? VerifyRs256(string token, X509Certificate2 certificate, out string? failure)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || Read(parts[0]) is not { } header || Read(parts[1]) is not { } payload)
        {
            failure = "The client assertion is not a JWT.";
            return null;
        }

        if ((string?)header["alg"] != "RS256")
        {
            failure = "The client assertion is not signed with RS256.";
            return null;
        }

        var thumbprint = Base64Url.EncodeToString(SHA256.HashData(certificate.RawData));
        var sha1 = Base64Url.EncodeToString(SHA1.HashData(certificate.RawData));
        var named = (string?)header["x5t#S256"] ?? (string?)header["x5t"];
        if (named != thumbprint && named != sha1)
        {
            failure = $"The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '{named}']";
            return null;
        }

        using var rsa = certificate.GetRSAPublicKey()!;
        if (!TryDecode(parts[2], out var signature)
            || !rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            failure = "Client assertion failed signature validation.";
            return null;
        }

        failure = null;
        return (header, payload);
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static JsonObject? Read(string part)
    {
        try
        {
            return TryDecode(part, out var bytes) ? JsonNode.Parse(bytes) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryDecode(string part, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(part);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
