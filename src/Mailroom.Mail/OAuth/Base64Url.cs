namespace Mailroom.Mail.OAuth;

/// <summary>Base64url without padding (RFC 7515 appendix C), as JWTs and PKCE (RFC 7636) write bytes.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
