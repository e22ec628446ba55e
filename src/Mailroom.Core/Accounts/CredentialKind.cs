namespace Mailroom.Core.Accounts;

/// <summary>What the secret of <see cref="Credentials"/> is, and so how a server is signed in to.</summary>
public enum CredentialKind
{
    /// <summary>A password, sent with the strongest mechanism the server offers (the default).</summary>
    Password,

    /// <summary>
    /// An OAuth 2.0 access token (Microsoft 365, Google), sent as SASL OAUTHBEARER where the server offers it, else
    /// XOAUTH2. Getting and refreshing the token is outside the account: the secret holds the current token.
    /// </summary>
    OAuth2Token,
}
