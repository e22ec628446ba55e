using Mailroom.Core.Accounts;
using Mailroom.Data.OAuth;
using Mailroom.Mail.OAuth;

namespace Mailroom.Engine.OAuth;

/// <summary>
/// A person signing in for an account (or for themselves, where the credentials padlock is open): device code from
/// the command line, authorization code with PKCE from the account's page. What the provider gives is kept sealed in
/// the token store, and the sign-in works again from that moment: the monitor and the outbox resume by themselves.
/// </summary>
public sealed class OAuthSignIn(OAuthTokenStore store, IServiceProvider services, TimeProvider time, ILogger<OAuthSignIn> logger)
{
    /// <summary>Starts a device-code sign-in: the code and page to show the person.</summary>
    /// <exception cref="OAuthException">The provider offers none (Google), a setting is wrong, or the platform failed.</exception>
    public Task<DeviceCodeSignIn> StartDeviceCodeAsync(Account account, CancellationToken cancellationToken) =>
        Client().StartDeviceCodeAsync(Settings(account), Scopes(account), cancellationToken);

    /// <summary>Waits until the person finished on the provider's page, then keeps the tokens.</summary>
    /// <exception cref="SignInNeededException">The person declined, or the code expired first.</exception>
    public async Task<OAuthTokens> FinishDeviceCodeAsync(Account account, string? userAddress, DeviceCodeSignIn signIn, CancellationToken cancellationToken)
    {
        var issuedAt = time.GetUtcNow();
        var tokens = await Client().PollDeviceCodeAsync(Settings(account), signIn, cancellationToken);
        await KeepAsync(account, userAddress, tokens, issuedAt, cancellationToken);
        return tokens;
    }

    /// <summary>The provider's page to send the person to, and what the callback must bring back (kept by the caller, protected).</summary>
    public OAuthAuthorizationRequest BeginAuthorization(Account account, Uri redirectUri, string? loginHint) =>
        Client().BeginAuthorization(Settings(account), Scopes(account), redirectUri, loginHint);

    /// <summary>Redeems the code the callback brought with the request's PKCE verifier and keeps the tokens.</summary>
    /// <exception cref="SignInNeededException">The code expired, was used, or does not match the verifier.</exception>
    /// <exception cref="OAuthException">Refused for a wrong setting (client secret, redirect URL), or the platform failed.</exception>
    public async Task<OAuthTokens> FinishAuthorizationAsync(Account account, string? userAddress, string code, Secret codeVerifier, Uri redirectUri, CancellationToken cancellationToken)
    {
        var issuedAt = time.GetUtcNow();
        var tokens = await Client().RedeemCodeAsync(Settings(account), code, codeVerifier, redirectUri, Scopes(account), cancellationToken);
        await KeepAsync(account, userAddress, tokens, issuedAt, cancellationToken);
        return tokens;
    }

    private async Task KeepAsync(Account account, string? userAddress, OAuthTokens tokens, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        // Kept even if the caller gives up now: the provider has issued the tokens, and a redeemed code cannot be redeemed again.
        await store.SaveSignInAsync(account.Id, userAddress,
            new RenewedAccessToken(new Secret(tokens.AccessToken.Value), issuedAt, tokens.AccessToken.ExpiresAt, tokens.RefreshToken), CancellationToken.None);
        OAuthLog.SignedIn(logger, account.Id, string.IsNullOrWhiteSpace(userAddress) ? "account's own sign-in" : userAddress);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static OAuthSettings Settings(Account account) =>
        account.OAuth ?? throw new ArgumentException($"The account '{account.Name}' signs in with a password, not OAuth 2.0.", nameof(account));

    private static IReadOnlyList<string> Scopes(Account account) => Settings(account).EffectiveScopes(account.Type, account.Graph?.EffectiveGraphUrl);

    private OAuthTokenClient Client() => services.GetRequiredService<OAuthTokenClient>();
}
