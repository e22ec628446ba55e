using Mailroom.Core.Accounts;

namespace Mailroom.Data.OAuth;

/// <summary>
/// What the token store keeps for one account and user: the sealed tokens (unsealed here, at the point of use),
/// the access token's lifetime, and whether a person must sign in again.
/// </summary>
/// <param name="AccountId">The account.</param>
/// <param name="UserAddress">Empty for the account's own sign-in; else the user who signed in for themselves.</param>
/// <param name="Version">Raised on every change, so a reader can tell another node's renewal from what it read before.</param>
public sealed record StoredOAuthToken(long AccountId, string UserAddress, long Version)
{
    public Secret? RefreshToken { get; init; }

    public Secret? AccessToken { get; init; }

    /// <summary>When the access token was issued (this installation's clock at the answer).</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Set when renewing failed in a way only a person can mend; <see cref="Reason"/> has the provider's words.</summary>
    public bool SignInNeeded { get; init; }

    public string? Reason { get; init; }

    /// <summary>When the state was last set (sign-in needed, or signed in).</summary>
    public DateTimeOffset? StateAt { get; init; }

    /// <summary>
    /// The account's version when sign-in needed was set: an edit of the account since (a new client secret) is
    /// worth one more try; until then nobody asks the provider again.
    /// </summary>
    public long? StateAccountVersion { get; init; }
}
