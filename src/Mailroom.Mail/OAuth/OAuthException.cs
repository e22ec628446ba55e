namespace Mailroom.Mail.OAuth;

/// <summary>
/// The identity platform refused or failed a token request. <see cref="Error"/> and <see cref="Description"/> are
/// the provider's own words (<c>invalid_client</c>, <c>AADSTS7000215: Invalid client secret provided...</c>), shown
/// to the administrator as they are.
/// </summary>
public class OAuthException : Exception
{
    public OAuthException(string message, string? error = null, string? description = null, bool isTransient = false, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
        Description = description;
        IsTransient = isTransient;
    }

    /// <summary>The OAuth error code (RFC 6749 section 5.2), if the provider sent one.</summary>
    public string? Error { get; }

    /// <summary>The provider's <c>error_description</c>, if it sent one.</summary>
    public string? Description { get; }

    /// <summary>A network failure, a 5xx or a throttled answer: trying later may work.</summary>
    public bool IsTransient { get; }

    /// <summary>The HTTP status of the provider's answer; null when none came (network failure, bad setting).</summary>
    public int? StatusCode { get; init; }

    /// <summary>Microsoft's AADSTS number (<c>error_codes</c>, or the <c>AADSTSnnnn:</c> the description begins with).</summary>
    public long? ErrorCode { get; init; }

    /// <summary>The account setting to fix (<c>client secret</c>, <c>client id</c>, <c>tenant</c>, <c>scope</c>, ...), when the refusal names one.</summary>
    public string? Field { get; init; }

    /// <summary>How long the provider asked to wait (<c>Retry-After</c> on a 429 or 503).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
