using Mailroom.Core.Accounts;
using Mailroom.Mail.Imap;
using Mailroom.Mail.OAuth;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;
using Mailroom.Testing.OAuth;
using Microsoft.Extensions.Time.Testing;

namespace Mailroom.Mail.Tests.Imap;

/// <summary>
/// An IMAP session signed in with an access token is made again, with a fresh token, before that token ends
/// (Exchange Online ends the session with <c>BYE ... AccessTokenExpired</c> otherwise), and "before it ends" is read on
/// the connector's clock, the one the token's end was set by. The clock is fake and moved on; the test Dovecot checks
/// the real tokens the local authorization server mints.
/// </summary>
public sealed class ImapTokenReconnectTests : IAsyncLifetime
{
    private OAuthTestServer _server = null!;
    private MailUser _user = null!;

    public async Task InitializeAsync()
    {
        _server = await OAuthTestServer.StartForMailServerAsync();
        _user = await MailServer.CreateUserAsync("tokenreconnect");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_token_session_signs_in_again_with_a_new_token_once_the_clock_nears_the_tokens_end_and_not_before()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tokens = new MintingTokenSource(_server, _user.Address, clock);
        var account = Accounts.Imap(_user) with
        {
            Credentials = new Credentials(_user.Address, null),
            OAuth = new OAuthSettings(OAuthProvider.Microsoft, "imap-reconnect-test", OAuthFlow.AuthorizationCode),
        };
        await using var mailbox = (ImapMailbox)await Accounts.Factory(Accounts.Connector(time: clock, tokens: tokens))
            .OpenIncomingAsync(account, null, CancellationToken.None);
        var signedInFirst = mailbox.Client;

        clock.Advance(TimeSpan.FromMinutes(58));
        await mailbox.ListAsync(null, CancellationToken.None);
        Assert.Same(signedInFirst, mailbox.Client);
        Assert.Equal(1, tokens.Minted);

        // The token ends at 60 minutes on this clock; the session is made again a minute before.
        clock.Advance(TimeSpan.FromSeconds(90));
        var listing = await mailbox.ListAsync(null, CancellationToken.None);
        Assert.NotSame(signedInFirst, mailbox.Client);
        Assert.True(mailbox.Client.IsAuthenticated, "the new session is not signed in");
        Assert.False(signedInFirst.IsConnected, "the old session was left open");
        Assert.Equal(2, tokens.Minted);
        Assert.Empty(listing.Messages);
    }

    /// <summary>Mints a real token for the user at each ask, said to end an hour from now on <paramref name="clock"/>.</summary>
    private sealed class MintingTokenSource(OAuthTestServer server, string user, TimeProvider clock) : IAccessTokenSource
    {
        private int _minted;

        public int Minted => Volatile.Read(ref _minted);

        public Task<AccessToken> GetAsync(Account account, string? userAddress, bool forceRenewal, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _minted);
            var value = server.CreateAccessToken(user, scopes: ["IMAP.AccessAsUser.All"], lifetime: TimeSpan.FromHours(2));
            return Task.FromResult(new AccessToken(value, clock.GetUtcNow().AddHours(1)));
        }
    }
}
