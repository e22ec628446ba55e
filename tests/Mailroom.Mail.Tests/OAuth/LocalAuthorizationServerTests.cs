using System.Net;
using System.Text.Json.Nodes;
using Mailroom.Core.Accounts;
using Mailroom.Testing.OAuth;

namespace Mailroom.Mail.Tests.OAuth;

/// <summary>
/// The local authorization server itself, over plain HTTP as a browser or a foreign client meets it: the consent and
/// device pages, and refusals in Microsoft's documented shape. Other engineers' tests rely on exactly this.
/// </summary>
public sealed class LocalAuthorizationServerTests : IAsyncLifetime
{
    private OAuthTestServer _server = null!;
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });

    public async Task InitializeAsync() => _server = await OAuthTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task WrongSecret_IsAnsweredWithMicrosoftsErrorBody()
    {
        var app = _server.AddClient(secret: "right");

        using var response = await _http.PostAsync(_server.TokenUrl(), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = app.ClientId,
            ["client_secret"] = "wrong",
            ["scope"] = "https://graph.microsoft.com/.default",
        }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("invalid_client", (string?)json["error"]);
        var description = (string)json["error_description"]!;
        Assert.StartsWith("AADSTS7000215: Invalid client secret provided.", description, StringComparison.Ordinal);
        Assert.Contains("\r\nTrace ID: " + (string?)json["trace_id"], description, StringComparison.Ordinal);
        Assert.Contains("\r\nCorrelation ID: " + (string?)json["correlation_id"], description, StringComparison.Ordinal);
        Assert.Equal(7000215, (long)json["error_codes"]![0]!);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", (string?)json["timestamp"]);
        Assert.True(Guid.TryParse((string?)json["trace_id"], out _));
    }

    [Fact]
    public async Task ConsentPage_OffersAcceptAndCancelForTheRequestedScopes()
    {
        var app = _server.AddClient(secret: "s");
        var request = TokenClients.Create().BeginAuthorization(TokenClients.Microsoft(_server, app, OAuthFlow.AuthorizationCode), TokenClients.ImapUserScopes, TokenClients.Callback, "agent@example.test");

        var html = await _http.GetStringAsync(request.Url);

        Assert.Contains("id=\"accept\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"cancel\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"agent@example.test\"", html, StringComparison.Ordinal);
        Assert.Contains("<li>https://outlook.office.com/IMAP.AccessAsUser.All</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizeForAnUnknownClient_ShowsTheErrorInsteadOfRedirecting()
    {
        using var response = await _http.GetAsync($"{_server.AuthorizeUrl()}?response_type=code&client_id=nobody&redirect_uri={Uri.EscapeDataString(TokenClients.Callback.ToString())}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("AADSTS700016", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizeToAForeignRedirect_ShowsTheErrorInsteadOfRedirecting()
    {
        var app = _server.AddClient(secret: "s");

        using var response = await _http.GetAsync($"{_server.AuthorizeUrl()}?response_type=code&client_id={app.ClientId}&redirect_uri={Uri.EscapeDataString("https://evil.example/cb")}&code_challenge=x&code_challenge_method=S256");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("AADSTS50011", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorizeWithoutPkce_IsRefusedBackToTheClient()
    {
        var app = _server.AddClient(secret: "s");

        using var response = await _http.GetAsync($"{_server.AuthorizeUrl()}?response_type=code&client_id={app.ClientId}&redirect_uri={Uri.EscapeDataString(TokenClients.Callback.ToString())}&state=st");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = TokenClients.Query(response.Headers.Location!);
        Assert.Equal("invalid_request", query["error"]);
        Assert.Equal("st", query["state"]);
    }

    [Fact]
    public async Task DevicePage_SignsThePersonInWithTheCode()
    {
        var app = _server.AddClient();
        var settings = TokenClients.Microsoft(_server, app, OAuthFlow.DeviceCode);
        var tokens = TokenClients.Create();
        var signIn = await tokens.StartDeviceCodeAsync(settings, TokenClients.ImapUserScopes, CancellationToken.None);
        Assert.Contains("id=\"code\"", await _http.GetStringAsync(signIn.VerificationUri), StringComparison.Ordinal);

        using var answer = await _http.PostAsync(signIn.VerificationUri, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = signIn.UserCode.ToLowerInvariant(),
            ["login"] = "Person@Example.Test",
            ["consent"] = "accept",
        }));
        var result = await tokens.PollDeviceCodeAsync(settings, signIn, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("person@example.test", _server.Validate(result.AccessToken.Value, out _)?.Subject);
    }

    [Fact]
    public async Task ExpiredAccessToken_FailsValidationWithTheReason()
    {
        var token = _server.CreateAccessToken("desk@example.test", lifetime: TimeSpan.FromSeconds(-1));

        Assert.Null(_server.Validate(token, out var failure));
        Assert.StartsWith("the token expired at", failure, StringComparison.Ordinal);
        Assert.Null(_server.Validate(token[..^2] + "xx", out failure));
        Assert.Equal("signature does not match", failure);
    }
}
