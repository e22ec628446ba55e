using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;

namespace Mailroom.Engine.OAuth;

/// <summary>
/// The token source's requests through the Mail library's <see cref="OAuthTokenClient"/>. The client is a typed
/// HttpClient (transient by design), so one is taken per request rather than held by this singleton.
/// </summary>
internal sealed class TokenClientGrants(IServiceProvider services) : IOAuthGrants
{
    public async Task<GrantedTokens> ClientCredentialsAsync(OAuthSettings settings, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var tokens = await Client().ClientCredentialsAsync(settings, scopes, cancellationToken);
        return new GrantedTokens(tokens.AccessToken, null);
    }

    public async Task<GrantedTokens> RefreshAsync(OAuthSettings settings, Secret refreshToken, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var tokens = await Client().RefreshAsync(settings, refreshToken, scopes, cancellationToken);
        return new GrantedTokens(tokens.AccessToken, tokens.RefreshTokenRotated ? tokens.RefreshToken : null);
    }

    private OAuthTokenClient Client() => services.GetRequiredService<OAuthTokenClient>();
}
