using Mailroom.Core.Accounts;

namespace Mailroom.Mail.OAuth;

/// <summary>
/// What a token request bought: the access token, and the refresh token to keep (the rotated one when the provider
/// sent a new one, else the one the request was made with). <see cref="ToString"/> shows no token.
/// </summary>
/// <param name="AccessToken">The access token and when it ends.</param>
/// <param name="RefreshToken">
/// The refresh token to keep; null for client credentials, and when a provider gave none (Google without consent,
/// Microsoft without <c>offline_access</c>).
/// </param>
/// <param name="Scopes">The scopes the provider says the token holds (its <c>scope</c>), or those asked for when it said none.</param>
public sealed record OAuthTokens(AccessToken AccessToken, Secret? RefreshToken, IReadOnlyList<string> Scopes)
{
    /// <summary>True when the provider sent a refresh token different from the one the request was made with.</summary>
    public bool RefreshTokenRotated { get; init; }

    public override string ToString() =>
        $"(tokens: {AccessToken}, refresh token {(RefreshToken is null ? "none" : RefreshTokenRotated ? "rotated" : "kept")})";
}
