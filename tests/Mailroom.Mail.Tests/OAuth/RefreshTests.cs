using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;
using Mailroom.Testing.OAuth;

namespace Mailroom.Mail.Tests.OAuth;

/// <summary>Renewal with a refresh token: rotation, and a refresh token revoked or expired meaning sign-in needed.</summary>
public sealed class RefreshTests : IAsyncLifetime
{
    private const string User = "desk@mailroom-tests.test";

    private OAuthTestServer _server = null!;
    private OAuthTestClient _app = null!;
    private OAuthSettings _settings = null!;

    public async Task InitializeAsync()
    {
        _server = await OAuthTestServer.StartAsync();
        _app = _server.AddClient(secret: "s");
        _settings = TokenClients.Microsoft(_server, _app, OAuthFlow.AuthorizationCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Refresh_ReturnsTheRotatedTokenAndTheUsedOneStopsWorking()
    {
        var tokens = TokenClients.Create();
        var first = await TokenClients.SignInAsync(tokens, _server, _settings, User);
        _server.AccessTokenLifetime = TimeSpan.FromSeconds(5);
        var before = DateTimeOffset.UtcNow;

        var renewed = await tokens.RefreshAsync(_settings, first.RefreshToken!, TokenClients.ImapUserScopes, CancellationToken.None);

        Assert.True(renewed.RefreshTokenRotated);
        Assert.NotEqual(first.RefreshToken, renewed.RefreshToken);
        Assert.InRange(renewed.AccessToken.ExpiresAt, before.AddSeconds(4), DateTimeOffset.UtcNow.AddSeconds(6));
        Assert.Equal(User, _server.Validate(renewed.AccessToken.Value, out _)?.Subject);
        Assert.Equal(1, _server.Issued(OAuthTestGrant.RefreshToken));

        var e = await Assert.ThrowsAsync<SignInNeededException>(() => tokens.RefreshAsync(_settings, first.RefreshToken!, TokenClients.ImapUserScopes, CancellationToken.None));
        Assert.Equal("invalid_grant", e.Error);
        Assert.NotNull(await tokens.RefreshAsync(_settings, renewed.RefreshToken!, TokenClients.ImapUserScopes, CancellationToken.None));
        Assert.Equal(2, _server.Issued(OAuthTestGrant.RefreshToken));
        Assert.Equal(3, _server.Requests(OAuthTestGrant.RefreshToken));
    }

    [Fact]
    public async Task RevokedRefreshToken_MeansSignInNeededWithTheProvidersWords()
    {
        var tokens = TokenClients.Create();
        var first = await TokenClients.SignInAsync(tokens, _server, _settings, User);
        Assert.Equal(1, _server.RevokeRefreshTokens(User));

        var e = await Assert.ThrowsAsync<SignInNeededException>(() => tokens.RefreshAsync(_settings, first.RefreshToken!, TokenClients.ImapUserScopes, CancellationToken.None));

        Assert.Equal(50173, e.ErrorCode);
        Assert.StartsWith("AADSTS50173: The provided grant has expired due to it being revoked", e.Description, StringComparison.Ordinal);
        Assert.StartsWith("Sign-in needed: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("Sign in again.", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(first.RefreshToken!.Reveal(), e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredRefreshToken_MeansSignInNeeded()
    {
        var tokens = TokenClients.Create();
        var first = await TokenClients.SignInAsync(tokens, _server, _settings, User);
        _server.ExpireRefreshTokens(User);

        var e = await Assert.ThrowsAsync<SignInNeededException>(() => tokens.RefreshAsync(_settings, first.RefreshToken!, TokenClients.ImapUserScopes, CancellationToken.None));

        Assert.Equal(700082, e.ErrorCode);
    }

    [Fact]
    public async Task RefreshTokenOfAnotherClient_IsRefused()
    {
        var tokens = TokenClients.Create();
        var first = await TokenClients.SignInAsync(tokens, _server, _settings, User);
        var other = _server.AddClient(secret: "o");

        await Assert.ThrowsAsync<SignInNeededException>(() =>
            tokens.RefreshAsync(TokenClients.Microsoft(_server, other, OAuthFlow.AuthorizationCode), first.RefreshToken!, TokenClients.ImapUserScopes, CancellationToken.None));
    }
}
