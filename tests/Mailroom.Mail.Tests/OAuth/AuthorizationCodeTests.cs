using System.Security.Cryptography;
using System.Text;
using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;
using Mailroom.Testing.OAuth;

namespace Mailroom.Mail.Tests.OAuth;

/// <summary>Delegated sign-in through the local server's consent page: PKCE S256, state, code redemption.</summary>
public sealed class AuthorizationCodeTests : IAsyncLifetime
{
    private const string User = "agent@mailroom-tests.test";

    private OAuthTestServer _server = null!;

    public async Task InitializeAsync() => _server = await OAuthTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void AuthorizeUrl_CarriesEveryParameterWithAnS256ChallengeOfTheVerifier()
    {
        var app = _server.AddClient(secret: "s");

        var request = TokenClients.Create().BeginAuthorization(TokenClients.Microsoft(_server, app, OAuthFlow.AuthorizationCode), TokenClients.ImapUserScopes, TokenClients.Callback);

        Assert.StartsWith(_server.AuthorizeUrl() + "?", request.Url.ToString(), StringComparison.Ordinal);
        var query = TokenClients.Query(request.Url);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(app.ClientId, query["client_id"]);
        Assert.Equal(TokenClients.Callback.ToString(), query["redirect_uri"]);
        Assert.Equal(string.Join(' ', TokenClients.ImapUserScopes), query["scope"]);
        Assert.Equal(request.State, query["state"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        var expected = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(request.CodeVerifier.Reveal())));
        Assert.Equal(expected, query["code_challenge"]);
        Assert.InRange(request.CodeVerifier.Reveal().Length, 43, 128);
        Assert.False(query.ContainsKey("access_type"));
        Assert.False(query.ContainsKey("client_secret"));
    }

    [Fact]
    public async Task ConsentAccepted_RedeemsTheCodeForTokensOfThatUser()
    {
        var app = _server.AddClient(secret: "s");
        var settings = TokenClients.Microsoft(_server, app, OAuthFlow.AuthorizationCode);

        var tokens = await TokenClients.SignInAsync(TokenClients.Create(), _server, settings, User);

        var claims = _server.Validate(tokens.AccessToken.Value, out var failure);
        Assert.True(claims is not null, failure);
        Assert.Equal(User, claims.Subject);
        Assert.Equal("https://outlook.office.com", claims.Audience);
        Assert.Contains("IMAP.AccessAsUser.All", claims.Scopes);
        Assert.NotNull(tokens.RefreshToken);
        Assert.Equal(1, _server.Issued(OAuthTestGrant.AuthorizationCode));
        var form = Assert.Single(_server.TokenRequests);
        Assert.Equal("authorization_code", form["grant_type"]);
        Assert.Equal(TokenClients.Callback.ToString(), form["redirect_uri"]);
        Assert.Equal("s", form["client_secret"]);
    }

    [Fact]
    public async Task PublicClient_SignsInWithPkceAlone()
    {
        var app = _server.AddClient();
        var settings = TokenClients.Microsoft(_server, app, OAuthFlow.AuthorizationCode);

        var tokens = await TokenClients.SignInAsync(TokenClients.Create(), _server, settings, User);

        Assert.NotNull(tokens.RefreshToken);
        Assert.False(Assert.Single(_server.TokenRequests).ContainsKey("client_secret"));
    }

    [Fact]
    public async Task ConsentCancelled_ComesBackAsAccessDeniedWithTheState()
    {
        var app = _server.AddClient(secret: "s");
        var request = TokenClients.Create().BeginAuthorization(TokenClients.Microsoft(_server, app, OAuthFlow.AuthorizationCode), TokenClients.ImapUserScopes, TokenClients.Callback);

        var callback = await _server.SignInAsync(request.Url, User, accept: false);

        Assert.StartsWith(TokenClients.Callback.ToString(), callback.ToString(), StringComparison.Ordinal);
        var query = TokenClients.Query(callback);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal(request.State, query["state"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task CodeWithAnotherVerifier_MeansSignInNeeded()
    {
        var app = _server.AddClient(secret: "s");
        var settings = TokenClients.Microsoft(_server, app, OAuthFlow.AuthorizationCode);
        var tokens = TokenClients.Create();
        var request = tokens.BeginAuthorization(settings, TokenClients.ImapUserScopes, TokenClients.Callback);
        var code = TokenClients.Query(await _server.SignInAsync(request.Url, User))["code"];
        var stolen = tokens.BeginAuthorization(settings, TokenClients.ImapUserScopes, TokenClients.Callback).CodeVerifier;

        var e = await Assert.ThrowsAsync<SignInNeededException>(() =>
            tokens.RedeemCodeAsync(settings, code, stolen, request.RedirectUri, TokenClients.ImapUserScopes, CancellationToken.None));

        Assert.Equal(501481, e.ErrorCode);
        Assert.Equal("invalid_grant", e.Error);
        Assert.Equal(0, _server.Issued(OAuthTestGrant.AuthorizationCode));
    }

    [Fact]
    public async Task CodeRedeemedTwice_IsRefusedTheSecondTime()
    {
        var app = _server.AddClient(secret: "s");
        var settings = TokenClients.Microsoft(_server, app, OAuthFlow.AuthorizationCode);
        var tokens = TokenClients.Create();
        var request = tokens.BeginAuthorization(settings, TokenClients.ImapUserScopes, TokenClients.Callback);
        var code = TokenClients.Query(await _server.SignInAsync(request.Url, User))["code"];
        await tokens.RedeemCodeAsync(settings, code, request.CodeVerifier, request.RedirectUri, TokenClients.ImapUserScopes, CancellationToken.None);

        var e = await Assert.ThrowsAsync<SignInNeededException>(() =>
            tokens.RedeemCodeAsync(settings, code, request.CodeVerifier, request.RedirectUri, TokenClients.ImapUserScopes, CancellationToken.None));

        Assert.Equal(54005, e.ErrorCode);
    }

    [Fact]
    public async Task OtherRedirectUrlAtRedemption_NamesTheRedirectUrl()
    {
        var app = _server.AddClient(secret: "s");
        var settings = TokenClients.Microsoft(_server, app, OAuthFlow.AuthorizationCode);
        var tokens = TokenClients.Create();
        var request = tokens.BeginAuthorization(settings, TokenClients.ImapUserScopes, TokenClients.Callback);
        var code = TokenClients.Query(await _server.SignInAsync(request.Url, User))["code"];

        var e = await Assert.ThrowsAsync<OAuthException>(() =>
            tokens.RedeemCodeAsync(settings, code, request.CodeVerifier, new Uri("http://127.0.0.1:9/elsewhere"), TokenClients.ImapUserScopes, CancellationToken.None));

        Assert.Equal("redirect URL", e.Field);
    }

    [Fact]
    public async Task Google_AsksForOfflineAccessWithConsentAndKeepsTheRefreshTokenOnRenewal()
    {
        var app = _server.AddClient(secret: "g");
        var settings = TokenClients.Google(_server, app);
        var tokens = TokenClients.Create();
        string[] scopes = [OAuthSettings.GoogleMailScope];
        var request = tokens.BeginAuthorization(settings, scopes, TokenClients.Callback);
        var query = TokenClients.Query(request.Url);
        Assert.Equal("offline", query["access_type"]);
        Assert.Equal("consent", query["prompt"]);

        var first = await TokenClients.SignInAsync(tokens, _server, settings, User, scopes);
        var renewed = await tokens.RefreshAsync(settings, first.RefreshToken!, scopes, CancellationToken.None);

        Assert.NotNull(first.RefreshToken);
        Assert.Equal(first.RefreshToken, renewed.RefreshToken);
        Assert.False(renewed.RefreshTokenRotated);
        Assert.NotEqual(first.AccessToken.Value, renewed.AccessToken.Value);
        Assert.Equal(User, _server.Validate(renewed.AccessToken.Value, out _)?.Subject);
    }

    [Fact]
    public async Task CustomProviderWithoutOfflineAccess_GetsNoRefreshToken()
    {
        var app = _server.AddClient(secret: "g");
        var settings = TokenClients.Google(_server, app, OAuthProvider.Custom);

        var tokens = await TokenClients.SignInAsync(TokenClients.Create(), _server, settings, User, ["https://mail.google.com/"]);

        Assert.Null(tokens.RefreshToken);
    }
}
