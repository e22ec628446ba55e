using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;
using Mailroom.Mail.OAuth;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;
using Mailroom.Testing.OAuth;
using MimeKit;

namespace Mailroom.Mail.Tests.OAuth;

/// <summary>
/// IMAP, POP3 and SMTP submission sign in with OAuth 2.0 tokens for real: the test Dovecot's <c>oauth2</c> passdb
/// validates the local authorization server's tokens (Postfix asks Dovecot), through the connector the transports use.
/// </summary>
public sealed class OAuthSaslTests : IAsyncLifetime
{
    private OAuthTestServer _server = null!;
    private MailUser _user = null!;

    public async Task InitializeAsync()
    {
        _server = await OAuthTestServer.StartForMailServerAsync();
        _user = await MailServer.CreateUserAsync("oauth");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> Mechanisms() => new()
    {
        { "imap", "XOAUTH2" },
        { "imap", "OAUTHBEARER" },
        { "pop3", "XOAUTH2" },
        { "pop3", "OAUTHBEARER" },
        { "smtp", "XOAUTH2" },
        { "smtp", "OAUTHBEARER" },
    };

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task TokenFromTheAuthorizationServer_SignsIn(string protocol, string mechanism)
    {
        var app = _server.AddClient(secret: "s");
        var settings = TokenClients.Microsoft(_server, app, OAuthFlow.AuthorizationCode);
        var tokens = await TokenClients.SignInAsync(TokenClients.Create(), _server, settings, _user.Address);

        using var client = Client(protocol);
        await SignInAsync(client, protocol, tokens.AccessToken.Value, only: mechanism);

        Assert.True(client.IsAuthenticated);
        await AssertUsableAsync(client);
    }

    [Theory]
    [InlineData("imap")]
    [InlineData("smtp")]
    public async Task AppOnlyTokenForTheMailbox_SignsIn(string protocol)
    {
        var app = _server.AddClient(secret: "s");
        app.AppSubject = _user.Address; // what Add-MailboxPermission grants the service principal
        var tokens = await TokenClients.Create().ClientCredentialsAsync(TokenClients.Microsoft(_server, app), TokenClients.ImapAppScopes, CancellationToken.None);

        using var client = Client(protocol);
        await SignInAsync(client, protocol, tokens.AccessToken.Value);

        Assert.True(client.IsAuthenticated);
    }

    [Theory]
    [InlineData("imap")]
    [InlineData("pop3")]
    [InlineData("smtp")]
    [InlineData("smtps")]
    public async Task TokenOfThreeKilobytes_SignsIn(string protocol)
    {
        _server.TokenPadding = 2100;
        var app = _server.AddClient(secret: "s");
        var tokens = await TokenClients.SignInAsync(TokenClients.Create(), _server, TokenClients.Microsoft(_server, app, OAuthFlow.AuthorizationCode), _user.Address);
        Assert.InRange(tokens.AccessToken.Value.Length, 3072, 3600);

        using var client = Client(protocol);
        await SignInAsync(client, protocol, tokens.AccessToken.Value, only: "XOAUTH2");

        Assert.True(client.IsAuthenticated);
        await AssertUsableAsync(client);
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task ExpiredToken_IsRefusedAsASignInFailure(string protocol, string mechanism)
    {
        var token = _server.CreateAccessToken(_user.Address, scopes: ["IMAP.AccessAsUser.All"], lifetime: TimeSpan.FromMinutes(-2));

        using var client = Client(protocol);
        var e = await Assert.ThrowsAsync<MailConnectionException>(() => SignInAsync(client, protocol, token, only: mechanism));

        Assert.True(e.Kind == MailFailureKind.AuthenticationFailed, $"{e.Kind}: {e}");
        Assert.False(client.IsAuthenticated);
        Assert.DoesNotContain(token, e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("imap")]
    [InlineData("smtp")]
    public async Task TokenOfAnotherUser_IsRefused(string protocol)
    {
        var other = await MailServer.CreateUserAsync("oauth-other");
        var token = _server.CreateAccessToken(other.Address, scopes: ["IMAP.AccessAsUser.All"]);

        using var client = Client(protocol);
        var e = await Assert.ThrowsAsync<MailConnectionException>(() => SignInAsync(client, protocol, token));

        Assert.Equal(MailFailureKind.AuthenticationFailed, e.Kind);
    }

    [Fact]
    public async Task TokenSignedWithAnotherKey_IsRefused()
    {
        await using var stranger = await OAuthTestServer.StartAsync();
        var token = stranger.CreateAccessToken(_user.Address, scopes: ["IMAP.AccessAsUser.All"]);

        using var client = Client("imap");
        var e = await Assert.ThrowsAsync<MailConnectionException>(() => SignInAsync(client, "imap", token));

        Assert.Equal(MailFailureKind.AuthenticationFailed, e.Kind);
    }

    [Fact]
    public async Task KickedSession_EndsAndTheTokenMustSignInAgain()
    {
        var token = _server.CreateAccessToken(_user.Address, scopes: ["IMAP.AccessAsUser.All"]);
        using var client = (ImapClient)Client("imap");
        await SignInAsync(client, "imap", token);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);

        await MailServer.KickAsync(_user.Address);

        // Dovecot ends the session on its own time: wait for it, with a deadline, and say what never happened.
        await WaitFor.ConditionAsync(async () =>
        {
            try
            {
                await client.NoOpAsync();
                return false;
            }
            catch (Exception e) when (e is IOException or MailKit.ProtocolException or InvalidOperationException or MailKit.ServiceNotConnectedException)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(60), $"the IMAP session of {_user.Address} ending after doveadm kick (it still answered NOOP)", TimeSpan.FromMilliseconds(200));

        using var again = Client("imap");
        await SignInAsync(again, "imap", token);
        Assert.True(again.IsAuthenticated);
    }

    private static MailService Client(string protocol) => protocol switch
    {
        "imap" => new ImapClient(),
        "pop3" => new Pop3Client(),
        _ => new SmtpClient(),
    };

    /// <summary>
    /// Connects over TLS and signs in through <see cref="MailConnector"/> with the token as the account's credentials.
    /// With <paramref name="only"/>, the other OAuth mechanism is hidden from the connector first (it prefers
    /// OAUTHBEARER, and Dovecot offers both).
    /// </summary>
    private async Task SignInAsync(MailService client, string protocol, string token, string? only = null)
    {
        var (kind, port, security) = protocol switch
        {
            "imap" => (MailProtocol.Imap, MailServer.ImapsPort, SecurityMode.Ssl),
            "pop3" => (MailProtocol.Pop3, MailServer.Pop3sPort, SecurityMode.Ssl),
            "smtps" => (MailProtocol.Smtp, MailServer.SmtpsPort, SecurityMode.Ssl),
            _ => (MailProtocol.Smtp, MailServer.SubmissionPort, SecurityMode.StartTls),
        };
        var endpoint = new MailEndpoint(kind, MailServer.Host, port, security, AllowInvalidCertificate: true);
        var credentials = new Credentials(_user.Address, new Secret(token)) { Kind = CredentialKind.OAuth2Token };
        var connector = Accounts.Connector();
        await connector.ConnectAsync(client, endpoint, CancellationToken.None);
        // Every worktree's scripts/mail-server rewrites the shared Dovecot's configuration on start: one from before
        // OAuth was added takes the mechanisms away until this branch's script runs again.
        Assert.True(
            client.AuthenticationMechanisms.Contains("XOAUTH2") && client.AuthenticationMechanisms.Contains("OAUTHBEARER"),
            $"{endpoint} offers {string.Join(", ", client.AuthenticationMechanisms)}, not XOAUTH2 and OAUTHBEARER: the test Dovecot runs a configuration from a scripts/mail-server without OAuth; run scripts/mail-server start from this branch.");
        if (only is not null)
        {
            client.AuthenticationMechanisms.RemoveWhere(m => !string.Equals(m, only, StringComparison.OrdinalIgnoreCase) && m.Contains("OAUTH", StringComparison.OrdinalIgnoreCase));
        }

        await connector.SignInAsync(client, endpoint, credentials, CancellationToken.None);
    }

    /// <summary>What a signed-in user does next works: IMAP opens the inbox, POP3 counts, SMTP sends to the user.</summary>
    private async Task AssertUsableAsync(MailService client)
    {
        switch (client)
        {
            case ImapClient imap:
                await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
                break;
            case Pop3Client pop3:
                Assert.Equal(0, await pop3.GetMessageCountAsync());
                break;
            case SmtpClient smtp:
                var message = new MimeMessage { Subject = "sent with an OAuth token " + Guid.NewGuid().ToString("N")[..8] };
                message.From.Add(MailboxAddress.Parse(_user.Address));
                message.To.Add(MailboxAddress.Parse(_user.Address));
                message.Body = new TextPart("plain") { Text = "OAuth sign-in works." };
                await smtp.SendAsync(message);
                var arrived = await MailServer.WaitForMessagesAsync(_user);
                Assert.Contains(arrived, m => m.Subject == message.Subject);
                break;
        }

        await client.DisconnectAsync(true);
    }
}
