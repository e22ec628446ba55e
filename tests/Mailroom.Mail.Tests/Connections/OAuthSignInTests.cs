using System.Collections.Concurrent;
using System.Text;
using MailKit.Net.Imap;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;
using Mailroom.Mail.Tests.Support;

namespace Mailroom.Mail.Tests.Connections;

/// <summary>
/// An OAuth 2.0 token goes on the wire as the SASL mechanism the server offers: a scripted IMAP server records the
/// exact bytes the client sends. Signing in for real against Dovecot's oauth2 passdb is in OAuth/OAuthSaslTests.
/// </summary>
public sealed class OAuthSignInTests
{
    [Theory]
    [InlineData("XOAUTH2", "user=desk@example.test\u0001auth=Bearer ya29.token\u0001\u0001")]
    [InlineData("OAUTHBEARER", "a=desk@example.test,")]
    public async Task Token_IsSentWithTheOfferedMechanism(string mechanism, string expected)
    {
        var authenticate = new ConcurrentQueue<string>();
        await using var server = new FakeServer(async (reader, writer, ct) =>
        {
            var capability = $"IMAP4rev1 SASL-IR AUTH={mechanism}";
            await writer.WriteLineAsync($"* OK [CAPABILITY {capability}] scripted IMAP server");
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                var parts = line.Split(' ');
                var (tag, command) = (parts[0], parts.Length > 1 ? parts[1].ToUpperInvariant() : string.Empty);
                if (command == "AUTHENTICATE")
                {
                    authenticate.Enqueue(line);
                }
                else if (command == "CAPABILITY")
                {
                    await writer.WriteLineAsync($"* CAPABILITY {capability}");
                }
                else if (command == "LIST")
                {
                    await writer.WriteLineAsync("* LIST (\\Noselect) \"/\" \"\"");
                }

                await writer.WriteLineAsync($"{tag} OK done");
                if (command == "LOGOUT")
                {
                    return;
                }
            }
        });
        using var client = new ImapClient();
        var endpoint = new MailEndpoint(MailProtocol.Imap, "127.0.0.1", server.Port, SecurityMode.None, false);
        var credentials = new Credentials("desk@example.test", new Secret("ya29.token")) { Kind = CredentialKind.OAuth2Token };

        await Accounts.Connector().OpenAsync(client, endpoint, credentials, CancellationToken.None);

        Assert.True(client.IsAuthenticated);
        var line = Assert.Single(authenticate).Split(' ');
        Assert.Equal(mechanism, line[2]);
        var initial = Encoding.UTF8.GetString(Convert.FromBase64String(line[3]));
        Assert.Contains(expected, initial, StringComparison.Ordinal);
        Assert.Contains("auth=Bearer ya29.token\u0001", initial, StringComparison.Ordinal);
    }
}
