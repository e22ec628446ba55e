using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;

namespace Mailroom.Mail.Tests.Connections;

/// <summary>Each way a connection fails ends in a specific, explained error, never a hang.</summary>
public sealed class ConnectionFailureTests
{
    [Theory]
    [InlineData("imap", 993, SecurityMode.Ssl)]
    [InlineData("pop3", 995, SecurityMode.Ssl)]
    [InlineData("smtp", 587, SecurityMode.StartTls)]
    public async Task WrongPassword_IsAuthenticationFailedWithTheServersWords(string protocol, int port, SecurityMode security)
    {
        var user = await MailServer.CreateUserAsync("wrongpw");
        var (client, endpoint) = ConnectionSecurityTests.Client(protocol, port, security, allowInvalid: true);
        using (client)
        {
            var failure = await Assert.ThrowsAsync<MailConnectionException>(() =>
                Accounts.Connector().OpenAsync(client, endpoint, new Credentials(user.Address, new Secret("not-the-password")), CancellationToken.None));

            Assert.Equal(MailFailureKind.AuthenticationFailed, failure.Kind);
            Assert.Contains("refused the sign-in", failure.Message, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(failure.ServerReply));
            Assert.DoesNotContain("not-the-password", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ClosedPort_IsConnectionRefused()
    {
        var port = FakeServer.ClosedPort();
        using var client = new ImapClient();
        var endpoint = new MailEndpoint(MailProtocol.Imap, "127.0.0.1", port, SecurityMode.None, false);

        var failure = await Assert.ThrowsAsync<MailConnectionException>(() => Accounts.Connector().ConnectAsync(client, endpoint, CancellationToken.None));

        Assert.Equal(MailFailureKind.ConnectionRefused, failure.Kind);
        Assert.Contains($"nothing listens on port {port}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostThatDoesNotResolve_IsHostNotFound()
    {
        using var client = new ImapClient();
        var endpoint = new MailEndpoint(MailProtocol.Imap, "nonexistent.invalid", 993, SecurityMode.Ssl, false);

        var failure = await Assert.ThrowsAsync<MailConnectionException>(() => Accounts.Connector().ConnectAsync(client, endpoint, CancellationToken.None));

        Assert.Equal(MailFailureKind.HostNotFound, failure.Kind);
        Assert.Contains("'nonexistent.invalid' does not resolve", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImapClientOnTheSmtpPort_IsProtocolError()
    {
        await MailServer.CreateUserAsync("proto");
        using var client = new ImapClient();
        var endpoint = new MailEndpoint(MailProtocol.Imap, MailServer.Host, 25, SecurityMode.None, false);

        var failure = await Assert.ThrowsAsync<MailConnectionException>(() => Accounts.Connector().ConnectAsync(client, endpoint, CancellationToken.None));

        Assert.Equal(MailFailureKind.ProtocolError, failure.Kind);
        Assert.Contains("does not speak IMAP", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SslOnThePlainPort_IsAnExplainedFailureNotAHang()
    {
        await MailServer.CreateUserAsync("sslplain");
        using var client = new ImapClient();
        var endpoint = new MailEndpoint(MailProtocol.Imap, MailServer.Host, 143, SecurityMode.Ssl, true);

        var failure = await Assert.ThrowsAsync<MailConnectionException>(() => Accounts.Connector().ConnectAsync(client, endpoint, CancellationToken.None));

        Assert.Contains(failure.Kind, new[] { MailFailureKind.ProtocolError, MailFailureKind.TimedOut });
        Assert.Contains("security mode", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerThatNeverAnswers_IsTimedOutAfterTheConnectTimeout()
    {
        await using var silent = new FakeServer(async (_, _, ct) => await Task.Delay(Timeout.Infinite, ct));
        using var client = new ImapClient();
        var endpoint = new MailEndpoint(MailProtocol.Imap, "127.0.0.1", silent.Port, SecurityMode.None, false);

        var failure = await Assert.ThrowsAsync<MailConnectionException>(() =>
            Accounts.Connector(connectTimeout: TimeSpan.FromSeconds(2)).ConnectAsync(client, endpoint, CancellationToken.None));

        Assert.Equal(MailFailureKind.TimedOut, failure.Kind);
        Assert.Contains("no answer within 2 seconds", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTlsRequired_ButNotOffered_IsStartTlsNotOffered()
    {
        await using var plain = new FakeServer(async (reader, writer, ct) =>
        {
            await writer.WriteLineAsync("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake server without STARTTLS");
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                var tag = line.Split(' ')[0];
                if (line.Contains("CAPABILITY", StringComparison.OrdinalIgnoreCase))
                {
                    await writer.WriteLineAsync("* CAPABILITY IMAP4rev1 AUTH=PLAIN");
                    await writer.WriteLineAsync($"{tag} OK done");
                }
                else
                {
                    await writer.WriteLineAsync($"{tag} BAD not here");
                }
            }
        });
        using var client = new ImapClient();
        var endpoint = new MailEndpoint(MailProtocol.Imap, "127.0.0.1", plain.Port, SecurityMode.StartTls, false);

        var failure = await Assert.ThrowsAsync<MailConnectionException>(() => Accounts.Connector().ConnectAsync(client, endpoint, CancellationToken.None));

        Assert.Equal(MailFailureKind.StartTlsNotOffered, failure.Kind);
        Assert.Contains("does not offer STARTTLS", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmtpWithoutTls_OnTheSubmissionPort_SaysSignInNeedsTls()
    {
        var user = await MailServer.CreateUserAsync("notls");
        using var client = new SmtpClient();
        var endpoint = new MailEndpoint(MailProtocol.Smtp, MailServer.Host, 587, SecurityMode.None, false);

        var failure = await Assert.ThrowsAsync<MailConnectionException>(() =>
            Accounts.Connector().OpenAsync(client, endpoint, new Credentials(user.Address, new Secret(user.Password)), CancellationToken.None));

        Assert.Equal(MailFailureKind.AuthenticationFailed, failure.Kind);
        Assert.Contains("STARTTLS", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OAuthToken_OnAServerWithoutOAuth_SaysWhichMechanismsItOffers()
    {
        // The test Dovecot offers XOAUTH2 and OAUTHBEARER, so a scripted server plays one that offers passwords only.
        const string capability = "IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=LOGIN";
        await using var server = new FakeServer(async (reader, writer, ct) =>
        {
            await writer.WriteLineAsync($"* OK [CAPABILITY {capability}] scripted IMAP server");
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                var parts = line.Split(' ');
                if (parts.Length > 1 && parts[1].Equals("CAPABILITY", StringComparison.OrdinalIgnoreCase))
                {
                    await writer.WriteLineAsync($"* CAPABILITY {capability}");
                }

                await writer.WriteLineAsync($"{parts[0]} OK done");
                if (parts.Length > 1 && parts[1].Equals("LOGOUT", StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
            }
        });
        using var client = new ImapClient();
        var endpoint = new MailEndpoint(MailProtocol.Imap, "127.0.0.1", server.Port, SecurityMode.None, false);
        var credentials = new Credentials("desk@example.test", new Secret("ya29.token")) { Kind = CredentialKind.OAuth2Token };

        var failure = await Assert.ThrowsAsync<MailConnectionException>(() => Accounts.Connector().OpenAsync(client, endpoint, credentials, CancellationToken.None));

        Assert.Equal(MailFailureKind.AuthenticationFailed, failure.Kind);
        Assert.Contains("no OAuth 2.0 sign-in", failure.Message, StringComparison.Ordinal);
        Assert.Contains("PLAIN", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellation_StaysACancellation()
    {
        await using var silent = new FakeServer(async (_, _, ct) => await Task.Delay(Timeout.Infinite, ct));
        using var client = new ImapClient();
        var endpoint = new MailEndpoint(MailProtocol.Imap, "127.0.0.1", silent.Port, SecurityMode.None, false);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Accounts.Connector().ConnectAsync(client, endpoint, cancel.Token));
    }
}
