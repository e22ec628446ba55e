using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;
using Mailroom.Testing.OAuth;

namespace Mailroom.Mail.Tests.OAuth;

/// <summary>Device-code sign-in: the code to show, polling at the asked interval, slow_down, and how it ends.</summary>
public sealed class DeviceCodeTests : IAsyncLifetime
{
    private const string User = "night-shift@mailroom-tests.test";

    private OAuthTestServer _server = null!;
    private OAuthTestClient _app = null!;
    private OAuthSettings _settings = null!;

    public async Task InitializeAsync()
    {
        _server = await OAuthTestServer.StartAsync();
        _app = _server.AddClient();
        _settings = TokenClients.Microsoft(_server, _app, OAuthFlow.DeviceCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Start_GivesTheCodeAndPageToShow()
    {
        var before = DateTimeOffset.UtcNow;

        var signIn = await TokenClients.Create().StartDeviceCodeAsync(_settings, TokenClients.ImapUserScopes, CancellationToken.None);

        Assert.Equal(new Uri(_server.DeviceLoginUrl), signIn.VerificationUri);
        Assert.Matches("^[A-Z0-9]{9}$", signIn.UserCode);
        Assert.Equal(TimeSpan.FromSeconds(1), signIn.Interval);
        Assert.InRange(signIn.ExpiresAt, before.AddMinutes(15).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(15).AddSeconds(1));
        Assert.Contains(signIn.UserCode, signIn.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(signIn.DeviceCode.Reveal(), signIn.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_WaitsWhilePendingThenReturnsTheTokensOfWhoeverSignedIn()
    {
        var signIn = await TokenClients.Create().StartDeviceCodeAsync(_settings, TokenClients.ImapUserScopes, CancellationToken.None);
        var clock = new PollClock { BeforeWait = n => { if (n == 3) { Assert.True(_server.ApproveDeviceCode(signIn.UserCode, User)); } } };

        var tokens = await TokenClients.Create(clock).PollDeviceCodeAsync(_settings, signIn, CancellationToken.None);

        Assert.Equal(User, _server.Validate(tokens.AccessToken.Value, out _)?.Subject);
        Assert.NotNull(tokens.RefreshToken);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], clock.Waits);
        Assert.Equal(3, _server.Requests(OAuthTestGrant.DeviceCode));
        Assert.Equal(1, _server.Issued(OAuthTestGrant.DeviceCode));
    }

    [Fact]
    public async Task SlowDown_AddsFiveSecondsToEveryLaterWait()
    {
        var signIn = await TokenClients.Create().StartDeviceCodeAsync(_settings, TokenClients.ImapUserScopes, CancellationToken.None);
        _server.SlowDownNextDevicePolls(1);
        var clock = new PollClock { BeforeWait = n => { if (n == 3) { _server.ApproveDeviceCode(signIn.UserCode, User); } } };

        await TokenClients.Create(clock).PollDeviceCodeAsync(_settings, signIn, CancellationToken.None);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(6)], clock.Waits);
    }

    [Fact]
    public async Task Declined_EndsThePollAsSignInNeeded()
    {
        var signIn = await TokenClients.Create().StartDeviceCodeAsync(_settings, TokenClients.ImapUserScopes, CancellationToken.None);
        Assert.True(_server.DeclineDeviceCode(signIn.UserCode));

        var e = await Assert.ThrowsAsync<SignInNeededException>(() => TokenClients.Create(new PollClock()).PollDeviceCodeAsync(_settings, signIn, CancellationToken.None));

        Assert.Equal("authorization_declined", e.Error);
    }

    [Fact]
    public async Task NobodySignsInBeforeTheCodeEnds_EndsThePollAsSignInNeeded()
    {
        _server.DeviceCodeLifetime = TimeSpan.FromSeconds(3);
        var clock = new PollClock();
        var tokens = TokenClients.Create(clock);
        var signIn = await tokens.StartDeviceCodeAsync(_settings, TokenClients.ImapUserScopes, CancellationToken.None);

        var e = await Assert.ThrowsAsync<SignInNeededException>(() => tokens.PollDeviceCodeAsync(_settings, signIn, CancellationToken.None));

        Assert.Equal("expired_token", e.Error);
        Assert.Equal(3, clock.Waits.Count);
        Assert.Equal(2, _server.Requests(OAuthTestGrant.DeviceCode));
    }

    [Fact]
    public async Task Google_OffersNoDeviceSignInForMail()
    {
        var settings = new OAuthSettings(OAuthProvider.Google, "app", OAuthFlow.DeviceCode);

        var e = await Assert.ThrowsAsync<OAuthException>(() => TokenClients.Create().StartDeviceCodeAsync(settings, [OAuthSettings.GoogleMailScope], CancellationToken.None));

        Assert.Equal("flow", e.Field);
    }
}
