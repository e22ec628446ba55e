using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing.OAuth;
using Mailroom.Testing;

namespace Mailroom.Mail.Tests.OAuth;

/// <summary>The token client under test, and account settings pointing at a local authorization server.</summary>
internal static class TokenClients
{
    public static readonly string[] ImapAppScopes = ["https://outlook.office365.com/.default"];

    public static readonly string[] ImapUserScopes = ["offline_access", "https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send"];

    public static readonly Uri Callback = new("http://127.0.0.1:5080/oauth/callback");

    public static OAuthTokenClient Create(out CollectingLogger<OAuthTokenClient> log, TimeProvider? time = null)
    {
        log = new CollectingLogger<OAuthTokenClient>();
        return new OAuthTokenClient(new HttpClient { Timeout = TimeSpan.FromSeconds(60) }, log, time ?? TimeProvider.System);
    }

    public static OAuthTokenClient Create(TimeProvider? time = null) => Create(out _, time);

    /// <summary>Microsoft settings for <paramref name="client"/> at the local server, its secret (if any) included.</summary>
    public static OAuthSettings Microsoft(OAuthTestServer server, OAuthTestClient client, OAuthFlow flow = OAuthFlow.ClientCredentials) =>
        new(OAuthProvider.Microsoft, client.ClientId, flow)
        {
            Authority = server.Authority,
            Tenant = server.Tenant,
            ClientSecret = client.Secret is { } secret ? new Secret(secret) : null,
        };

    /// <summary>Google settings with the endpoints moved to the local server's Google-like ones.</summary>
    public static OAuthSettings Google(OAuthTestServer server, OAuthTestClient client, OAuthProvider provider = OAuthProvider.Google) =>
        new(provider, client.ClientId, OAuthFlow.AuthorizationCode)
        {
            AuthorizeUrl = server.GoogleAuthorizeUrl,
            TokenUrl = server.GoogleTokenUrl,
            ClientSecret = client.Secret is { } secret ? new Secret(secret) : null,
        };

    /// <summary>Signs <paramref name="user"/> in through the consent page and redeems the code: delegated tokens.</summary>
    public static async Task<OAuthTokens> SignInAsync(OAuthTokenClient tokens, OAuthTestServer server, OAuthSettings settings, string user, IReadOnlyList<string>? scopes = null)
    {
        scopes ??= ImapUserScopes;
        var request = tokens.BeginAuthorization(settings, scopes, Callback, user);
        var callback = Query(await server.SignInAsync(request.Url, user));
        Assert.Equal(request.State, callback["state"]);
        return await tokens.RedeemCodeAsync(settings, callback["code"], request.CodeVerifier, request.RedirectUri, scopes, CancellationToken.None);
    }

    public static Dictionary<string, string> Query(Uri uri) =>
        global::Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).ToDictionary(q => q.Key, q => q.Value.ToString());
}
