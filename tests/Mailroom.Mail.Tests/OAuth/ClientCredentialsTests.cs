using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;
using Mailroom.Testing.OAuth;

namespace Mailroom.Mail.Tests.OAuth;

/// <summary>App-only tokens from the local authorization server: with a secret, with a certificate, and each refusal.</summary>
public sealed class ClientCredentialsTests : IAsyncLifetime
{
    private OAuthTestServer _server = null!;

    public async Task InitializeAsync() => _server = await OAuthTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Secret_BuysAnAppOnlyTokenForTheResourceWithoutRefreshToken()
    {
        var app = _server.AddClient(secret: "s3cret-" + Guid.NewGuid());
        _server.AccessTokenLifetime = TimeSpan.FromSeconds(30);
        var before = DateTimeOffset.UtcNow;

        var tokens = await TokenClients.Create().ClientCredentialsAsync(TokenClients.Microsoft(_server, app), TokenClients.ImapAppScopes, CancellationToken.None);

        var claims = _server.Validate(tokens.AccessToken.Value, out var failure);
        Assert.True(claims is not null, failure);
        Assert.Equal("https://outlook.office365.com", claims.Audience);
        Assert.Equal(app.ClientId, claims.AppId);
        Assert.Contains("IMAP.AccessAsApp", claims.Roles);
        Assert.Null(tokens.RefreshToken);
        Assert.InRange(tokens.AccessToken.ExpiresAt, before.AddSeconds(29), DateTimeOffset.UtcNow.AddSeconds(31));
        Assert.Equal(1, _server.Issued(OAuthTestGrant.ClientCredentials));
        var form = Assert.Single(_server.TokenRequests);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("https://outlook.office365.com/.default", form["scope"]);
    }

    [Fact]
    public async Task Certificate_SendsAnAssertionTheServerVerifiesInsteadOfASecret()
    {
        using var certificate = OAuthTestCertificate.Create();
        var app = _server.AddClient(certificate: certificate);
        var settings = TokenClients.Microsoft(_server, app) with { ClientCertificate = new Secret(OAuthTestCertificate.ToPkcs12Base64(certificate)) };

        var tokens = await TokenClients.Create().ClientCredentialsAsync(settings, TokenClients.ImapAppScopes, CancellationToken.None);

        Assert.NotNull(_server.Validate(tokens.AccessToken.Value, out _));
        var form = Assert.Single(_server.TokenRequests);
        Assert.False(form.ContainsKey("client_secret"));
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        var parts = form["client_assertion"].Split('.');
        var header = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]))!;
        var payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!;
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.NotNull((string?)header["x5t#S256"]);
        Assert.Equal(_server.TokenUrl(), (string?)payload["aud"]);
        Assert.Equal(app.ClientId, (string?)payload["iss"]);
        Assert.Equal(app.ClientId, (string?)payload["sub"]);
        Assert.InRange((long)payload["exp"]! - (long)payload["nbf"]!, 60, 600);
    }

    [Fact]
    public async Task CertificateNotRegistered_IsRefusedNamingTheClientCertificate()
    {
        using var registered = OAuthTestCertificate.Create();
        using var other = OAuthTestCertificate.Create();
        var app = _server.AddClient(certificate: registered);
        var settings = TokenClients.Microsoft(_server, app) with { ClientCertificate = new Secret(OAuthTestCertificate.ToPkcs12Base64(other)) };

        var e = await Assert.ThrowsAsync<OAuthException>(() => TokenClients.Create().ClientCredentialsAsync(settings, TokenClients.ImapAppScopes, CancellationToken.None));

        Assert.Equal("client certificate", e.Field);
        Assert.Equal(700027, e.ErrorCode);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task WrongSecret_NamesTheClientSecretAndNeverShowsIt()
    {
        var app = _server.AddClient(secret: "right-secret");
        var wrong = "wrong-secret-" + Guid.NewGuid();
        var settings = TokenClients.Microsoft(_server, app) with { ClientSecret = new Secret(wrong) };
        var tokens = TokenClients.Create(out var log);

        var e = await Assert.ThrowsAsync<OAuthException>(() => tokens.ClientCredentialsAsync(settings, TokenClients.ImapAppScopes, CancellationToken.None));

        Assert.IsNotType<SignInNeededException>(e);
        Assert.False(e.IsTransient);
        Assert.Equal("client secret", e.Field);
        Assert.Equal("invalid_client", e.Error);
        Assert.Equal(401, e.StatusCode);
        Assert.StartsWith("AADSTS7000215: Invalid client secret provided.", e.Description, StringComparison.Ordinal);
        Assert.StartsWith("client secret: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("AADSTS7000215", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(log.Entries, entry => entry.Message.Contains(wrong, StringComparison.Ordinal));
        Assert.Contains(log.Entries, entry => entry.Id.Id == 3203);
    }

    [Fact]
    public async Task ExpiredSecret_MeansSignInNeededWithTheProvidersWords()
    {
        var app = _server.AddClient(secret: "old-secret");
        app.SecretExpired = true;

        var e = await Assert.ThrowsAsync<SignInNeededException>(() =>
            TokenClients.Create().ClientCredentialsAsync(TokenClients.Microsoft(_server, app), TokenClients.ImapAppScopes, CancellationToken.None));

        Assert.Equal(7000222, e.ErrorCode);
        Assert.StartsWith("AADSTS7000222: The provided client secret keys for app", e.Description, StringComparison.Ordinal);
        Assert.Contains("Create a new client secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApplication_NamesTheClientId()
    {
        var settings = new OAuthSettings(OAuthProvider.Microsoft, Guid.NewGuid().ToString(), OAuthFlow.ClientCredentials)
        {
            Authority = _server.Authority,
            Tenant = _server.Tenant,
            ClientSecret = new Secret("x"),
        };

        var e = await Assert.ThrowsAsync<OAuthException>(() => TokenClients.Create().ClientCredentialsAsync(settings, TokenClients.ImapAppScopes, CancellationToken.None));

        Assert.Equal("client id", e.Field);
        Assert.Equal(700016, e.ErrorCode);
        Assert.Contains("AADSTS700016", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownTenant_NamesTheTenant()
    {
        var app = _server.AddClient(secret: "s");
        var settings = TokenClients.Microsoft(_server, app) with { Tenant = "nobody.onmicrosoft.com" };

        var e = await Assert.ThrowsAsync<OAuthException>(() => TokenClients.Create().ClientCredentialsAsync(settings, TokenClients.ImapAppScopes, CancellationToken.None));

        Assert.Equal("tenant", e.Field);
        Assert.Equal(90002, e.ErrorCode);
        Assert.Contains("Tenant 'nobody.onmicrosoft.com' not found", e.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DelegatedScope_IsRefusedNamingTheScope()
    {
        var app = _server.AddClient(secret: "s");

        var e = await Assert.ThrowsAsync<OAuthException>(() =>
            TokenClients.Create().ClientCredentialsAsync(TokenClients.Microsoft(_server, app), ["https://outlook.office.com/IMAP.AccessAsUser.All"], CancellationToken.None));

        Assert.Equal("scope", e.Field);
        Assert.Equal(1002012, e.ErrorCode);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(500)]
    public async Task OutageOrThrottling_IsTransientWithTheRetryAfter(int status)
    {
        var app = _server.AddClient(secret: "s");
        _server.FailNextTokenRequests(status, retryAfter: TimeSpan.FromSeconds(7));
        var tokens = TokenClients.Create();

        var e = await Assert.ThrowsAsync<OAuthException>(() => tokens.ClientCredentialsAsync(TokenClients.Microsoft(_server, app), TokenClients.ImapAppScopes, CancellationToken.None));

        Assert.IsNotType<SignInNeededException>(e);
        Assert.True(e.IsTransient);
        Assert.Equal(status, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.NotNull(await tokens.ClientCredentialsAsync(TokenClients.Microsoft(_server, app), TokenClients.ImapAppScopes, CancellationToken.None));
    }

    [Fact]
    public async Task NothingListening_IsTransient()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var settings = new OAuthSettings(OAuthProvider.Microsoft, "app", OAuthFlow.ClientCredentials)
        {
            Authority = $"http://127.0.0.1:{port}",
            Tenant = "t",
            ClientSecret = new Secret("s"),
        };

        var e = await Assert.ThrowsAsync<OAuthException>(() => TokenClients.Create().ClientCredentialsAsync(settings, TokenClients.ImapAppScopes, CancellationToken.None));

        Assert.True(e.IsTransient);
        Assert.Null(e.StatusCode);
        Assert.Contains($"127.0.0.1:{port} could not be reached", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoSecretNorCertificate_IsRefusedBeforeAnyRequest()
    {
        var app = _server.AddClient();

        var e = await Assert.ThrowsAsync<OAuthException>(() =>
            TokenClients.Create().ClientCredentialsAsync(TokenClients.Microsoft(_server, app), TokenClients.ImapAppScopes, CancellationToken.None));

        Assert.Equal("client secret", e.Field);
        Assert.Empty(_server.TokenRequests);
    }
}
