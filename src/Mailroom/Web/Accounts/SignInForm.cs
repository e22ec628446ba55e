using Mailroom.Core.Accounts;

namespace Mailroom.Web.Accounts;

/// <summary>The sign-in fields as the pages show them: texts as stored, secrets only as set or not.</summary>
public sealed class SignInForm
{
    public bool OAuth { get; set; }
    public string Provider { get; set; } = OAuthNames.Provider(OAuthProvider.Microsoft);
    public string Flow { get; set; } = OAuthNames.Flow(OAuthFlow.AuthorizationCode);
    public string ClientId { get; set; } = "";
    public bool ClientSecretSet { get; set; }
    public bool ClientCertificateSet { get; set; }
    public string Tenant { get; set; } = "";
    public string Authority { get; set; } = "";
    public string TokenUrl { get; set; } = "";
    public string AuthorizeUrl { get; set; } = "";
    public string Scopes { get; set; } = "";
    public string Mailbox { get; set; } = "";
    public string GraphUrl { get; set; } = "";

    public static SignInForm From(Account a) => new()
    {
        OAuth = a.OAuth is not null || a.Type == AccountType.Graph,
        Provider = OAuthNames.Provider(a.OAuth?.Provider ?? OAuthProvider.Microsoft),
        Flow = OAuthNames.Flow(a.OAuth?.Flow ?? (a.Type == AccountType.Graph ? OAuthFlow.ClientCredentials : OAuthFlow.AuthorizationCode)),
        ClientId = a.OAuth?.ClientId ?? "",
        ClientSecretSet = a.OAuth?.ClientSecret is not null,
        ClientCertificateSet = a.OAuth?.ClientCertificate is not null,
        Tenant = a.OAuth?.Tenant ?? "",
        Authority = a.OAuth?.Authority ?? "",
        TokenUrl = a.OAuth?.TokenUrl ?? "",
        AuthorizeUrl = a.OAuth?.AuthorizeUrl ?? "",
        Scopes = string.Join(' ', a.OAuth?.Scopes ?? []),
        Mailbox = a.Graph?.Mailbox ?? "",
        GraphUrl = a.Graph?.GraphUrl ?? "",
    };
}
