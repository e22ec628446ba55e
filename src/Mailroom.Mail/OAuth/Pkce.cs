using System.Security.Cryptography;
using System.Text;

namespace Mailroom.Mail.OAuth;

/// <summary>PKCE (RFC 7636) with S256, and the random <c>state</c> of an authorization request.</summary>
internal static class Pkce
{
    /// <summary>32 random bytes give a 43-character verifier, the shortest RFC 7636 section 4.1 allows.</summary>
    public static string NewVerifier() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static string NewState() => Base64Url.Encode(RandomNumberGenerator.GetBytes(16));
}
