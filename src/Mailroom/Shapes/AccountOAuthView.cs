using Mailroom.Core.Accounts;

namespace Mailroom.Shapes;

/// <summary>
/// The <c>oauth</c> block of <c>accounts show --json</c>: the provider's settings with endpoints and scopes resolved to
/// what is used, and whether a client secret or certificate is set, never either.
/// </summary>
internal sealed record AccountOAuthView(
    string Provider,
    string Flow,
    string ClientId,
    bool ClientSecretSet,
    bool ClientCertificateSet,
    string? Tenant,
    string? Authority,
    string TokenUrl,
    string? AuthorizeUrl,
    string? DeviceCodeUrl,
    IReadOnlyList<string> Scopes)
{
    public static AccountOAuthView? From(Account account)
    {
        if (account.OAuth is not { } o)
        {
            return null;
        }

        return new(
            OAuthNames.Provider(o.Provider),
            OAuthNames.Flow(o.Flow),
            o.ClientId,
            o.ClientSecret is not null,
            o.ClientCertificate is not null,
            o.Tenant,
            o.Provider == OAuthProvider.Microsoft ? o.Authority ?? OAuthSettings.MicrosoftAuthority : null,
            o.EffectiveTokenUrl,
            o.Flow == OAuthFlow.AuthorizationCode ? o.EffectiveAuthorizeUrl : null,
            o.Flow == OAuthFlow.DeviceCode ? o.DeviceCodeUrl : null,
            o.EffectiveScopes(account.Type, account.Graph?.EffectiveGraphUrl));
    }
}
