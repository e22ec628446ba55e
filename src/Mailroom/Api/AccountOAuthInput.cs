using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;

namespace Mailroom.Api;

/// <summary>
/// The <c>oauth</c> object of an account's input, named as <c>accounts show --json</c>'s oauth block. On an edit only
/// the members given change; <c>""</c> clears a text or secret. The client secret and the certificate (a base64
/// PKCS#12 without a password) go in, never out; giving one drops the other.
/// </summary>
internal sealed record AccountOAuthInput
{
    public string? Provider { get; init; }
    public string? Flow { get; init; }
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public string? ClientCertificate { get; init; }
    public string? Tenant { get; init; }
    public string? Authority { get; init; }
    public string? TokenUrl { get; init; }
    public string? AuthorizeUrl { get; init; }

    /// <summary>Replaces the list; an empty list goes back to the provider's default.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }

    /// <summary>
    /// The settings with this input laid over <paramref name="current"/> (null when the account had none); problems
    /// with the input itself go to <paramref name="problems"/>, the rest is the validator's.
    /// </summary>
    public OAuthSettings? ApplyTo(OAuthSettings? current, AccountType type, List<ValidationProblem> problems)
    {
        OAuthProvider? provider = current?.Provider ?? (type == AccountType.Graph ? OAuthProvider.Microsoft : null);
        if (Provider is not null)
        {
            if (OAuthNames.TryParseProvider(Provider, out var parsed))
            {
                provider = parsed;
            }
            else
            {
                problems.Add(new(AccountFields.OAuthProvider, $"must be microsoft, google or custom, not '{Provider}'"));
                return current;
            }
        }

        if (provider is null)
        {
            problems.Add(new(AccountFields.OAuthProvider, "is required with auth oauth2: microsoft, google or custom"));
            return current;
        }

        var flow = current?.Flow ?? (type == AccountType.Graph ? OAuthFlow.ClientCredentials : OAuthFlow.AuthorizationCode);
        if (Flow is not null && !OAuthNames.TryParseFlow(Flow, out flow))
        {
            problems.Add(new(AccountFields.OAuthFlow, $"must be client-credentials, authorization-code or device-code, not '{Flow}'"));
            return current;
        }

        var secret = Secret(ClientSecret);
        var certificate = Secret(ClientCertificate);
        return new OAuthSettings(provider.Value, ClientId?.Trim() ?? current?.ClientId ?? "", flow)
        {
            ClientSecret = ClientSecret is null ? (certificate is not null ? null : current?.ClientSecret) : secret,
            ClientCertificate = ClientCertificate is null ? (secret is not null ? null : current?.ClientCertificate) : certificate,
            Tenant = Text(Tenant, current?.Tenant),
            Authority = Text(Authority, current?.Authority),
            TokenUrl = Text(TokenUrl, current?.TokenUrl),
            AuthorizeUrl = Text(AuthorizeUrl, current?.AuthorizeUrl),
            Scopes = Scopes is null ? current?.Scopes ?? [] : Scopes.Select(s => s.Trim()).Where(s => s.Length > 0).ToList(),
        };
    }

    private static string? Text(string? given, string? current) => given is null ? current : given.Trim() is { Length: > 0 } text ? text : null;

    private static Secret? Secret(string? given) => given is { Length: > 0 } ? new Secret(given) : null;
}
