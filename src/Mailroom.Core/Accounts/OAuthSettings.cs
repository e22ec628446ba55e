namespace Mailroom.Core.Accounts;

/// <summary>
/// OAuth 2.0 sign-in of an account: who issues tokens, which client Mailroom is to it, and how the first token is got.
/// The refresh token and the current access token are not settings: they are kept apart, sealed, by the token store,
/// so editing or copying an account never carries a person's sign-in along.
/// </summary>
/// <param name="Provider">Whose identity platform.</param>
/// <param name="ClientId">The application (client) id registered with the provider.</param>
/// <param name="Flow">How the first token is got.</param>
public sealed record OAuthSettings(OAuthProvider Provider, string ClientId, OAuthFlow Flow)
{
    public const string MicrosoftAuthority = "https://login.microsoftonline.com";
    public const string GoogleAuthorizeUrl = "https://accounts.google.com/o/oauth2/v2/auth";
    public const string GoogleTokenUrl = "https://oauth2.googleapis.com/token";
    public const string GoogleMailScope = "https://mail.google.com/";

    /// <summary>The client secret (null for a public client, or when <see cref="ClientCertificate"/> is used).</summary>
    public Secret? ClientSecret { get; init; }

    /// <summary>
    /// A client certificate with its private key, as base64 PKCS#12 (Microsoft client credentials sign a JWT
    /// assertion with it instead of sending a secret).
    /// </summary>
    public Secret? ClientCertificate { get; init; }

    /// <summary>Microsoft: the tenant id or domain (required; <c>common</c> does not work for app-only tokens).</summary>
    public string? Tenant { get; init; }

    /// <summary>Microsoft: the authority, for national clouds; null means <see cref="MicrosoftAuthority"/>.</summary>
    public string? Authority { get; init; }

    /// <summary>Custom (or an override): where the person is sent to sign in.</summary>
    public string? AuthorizeUrl { get; init; }

    /// <summary>Custom (or an override): where tokens are bought and renewed.</summary>
    public string? TokenUrl { get; init; }

    /// <summary>Scopes as given; empty means the provider's default for the account type and flow.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Value equality, the scopes compared in order (a record would compare the list by reference).</summary>
    public bool Equals(OAuthSettings? other) =>
        other is not null && Provider == other.Provider && ClientId == other.ClientId && Flow == other.Flow
        && Equals(ClientSecret, other.ClientSecret) && Equals(ClientCertificate, other.ClientCertificate)
        && Tenant == other.Tenant && Authority == other.Authority && AuthorizeUrl == other.AuthorizeUrl
        && TokenUrl == other.TokenUrl && Scopes.SequenceEqual(other.Scopes);

    public override int GetHashCode() => HashCode.Combine(Provider, ClientId, Flow, Tenant, Scopes.Count);

    private string MicrosoftBase => $"{(Authority ?? MicrosoftAuthority).TrimEnd('/')}/{Tenant}/oauth2/v2.0";

    /// <summary>The token endpoint in force.</summary>
    public string EffectiveTokenUrl => TokenUrl ?? Provider switch
    {
        OAuthProvider.Microsoft => MicrosoftBase + "/token",
        OAuthProvider.Google => GoogleTokenUrl,
        _ => "",
    };

    /// <summary>The authorization endpoint in force.</summary>
    public string EffectiveAuthorizeUrl => AuthorizeUrl ?? Provider switch
    {
        OAuthProvider.Microsoft => MicrosoftBase + "/authorize",
        OAuthProvider.Google => GoogleAuthorizeUrl,
        _ => "",
    };

    /// <summary>Microsoft's device authorization endpoint; null for providers where it is not offered for mail.</summary>
    public string? DeviceCodeUrl => Provider == OAuthProvider.Microsoft ? MicrosoftBase + "/devicecode" : null;

    /// <summary>
    /// The scopes asked for: those given, else the provider's default for what the account does with the token
    /// (IMAP/POP3/SMTP, or Microsoft Graph at <paramref name="graphUrl"/>).
    /// </summary>
    public IReadOnlyList<string> EffectiveScopes(AccountType type, string? graphUrl = null)
    {
        if (Scopes.Count > 0)
        {
            return Scopes;
        }

        var graph = (graphUrl ?? GraphMailboxSettings.DefaultGraphUrl).TrimEnd('/');
        return (Provider, type, Flow) switch
        {
            (OAuthProvider.Microsoft, AccountType.Graph, OAuthFlow.ClientCredentials) => [graph + "/.default"],
            (OAuthProvider.Microsoft, AccountType.Graph, _) => ["offline_access", graph + "/Mail.ReadWrite.Shared", graph + "/Mail.Send.Shared"],
            (OAuthProvider.Microsoft, _, OAuthFlow.ClientCredentials) => ["https://outlook.office365.com/.default"],
            (OAuthProvider.Microsoft, AccountType.Pop3, _) => ["offline_access", "https://outlook.office.com/POP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send"],
            (OAuthProvider.Microsoft, _, _) => ["offline_access", "https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send"],
            (OAuthProvider.Google, _, _) => [GoogleMailScope],
            _ => [],
        };
    }
}
