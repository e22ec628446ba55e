namespace Mailroom.Core.Accounts;

/// <summary>How an account gets its first token, and so what it keeps to renew it.</summary>
public enum OAuthFlow
{
    /// <summary>
    /// App-only: the client's secret or certificate buys each access token; nothing to sign in to, no refresh token.
    /// Microsoft only (Google's equivalent is a service account, not offered here).
    /// </summary>
    ClientCredentials,

    /// <summary>Delegated: a person signs in on the provider's page (PKCE); the refresh token is kept sealed.</summary>
    AuthorizationCode,

    /// <summary>Delegated from a terminal: <c>mailroom accounts sign-in</c> shows a URL and code; the refresh token is kept.</summary>
    DeviceCode,
}
