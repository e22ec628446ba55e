using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;

namespace Mailroom.Engine.OAuth;

/// <summary>
/// The two token requests the token source makes without a person: buying an app-only token and renewing with a
/// refresh token. Implemented over the Mail library's token client; the source keeps what they return.
/// </summary>
internal interface IOAuthGrants
{
    /// <exception cref="OAuthException">Refused (a setting is wrong: <see cref="SignInNeededException"/> when only a person can mend it) or failed.</exception>
    Task<GrantedTokens> ClientCredentialsAsync(OAuthSettings settings, IReadOnlyList<string> scopes, CancellationToken cancellationToken);

    /// <exception cref="SignInNeededException">The refresh token was revoked, expired or already used.</exception>
    /// <exception cref="OAuthException">Refused for a wrong setting, or the platform failed.</exception>
    Task<GrantedTokens> RefreshAsync(OAuthSettings settings, Secret refreshToken, IReadOnlyList<string> scopes, CancellationToken cancellationToken);
}
