using System.Net;
using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary>Personal server settings through the form posts themselves (no browser): problems by field, only changes stored.</summary>
public sealed class PersonalSettingsFormTests(MailroomServer server) : IClassFixture<MailroomServer>
{
    [Fact]
    public async Task Agent_overrides_unlocked_server_settings_and_a_bad_port_is_named_and_nothing_stored()
    {
        var accounts = server.Services.GetRequiredService<AccountStore>();
        var account = await accounts.AddAsync(new Account
        {
            Name = "Servers " + Guid.NewGuid().ToString("N")[..8],
            Type = AccountType.Imap,
            AvailableToUsers = true,
            Padlocks = new Padlocks(ServerSettingsLocked: false, CredentialsLocked: false),
            Incoming = new IncomingServer("imap.shared.test", 993, SecurityMode.Ssl),
            Outgoing = new OutgoingServer("smtp.shared.test", 587, SecurityMode.StartTls),
        }, "test", CancellationToken.None);
        using var client = await server.SignedInClientAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        var path = $"personal/{account.Id}";

        using var bad = await PostAsync(client, path, new()
        {
            ["incoming-server"] = "imap.mine.test", ["incoming-security"] = "ssl", ["incoming-port"] = "70000",
            ["smtp-server"] = "smtp.shared.test", ["smtp-security"] = "starttls", ["smtp-port"] = "587", ["smtp-use-incoming-credentials"] = "on",
        });
        var badPage = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("id=\"error-incoming-port\"", badPage, StringComparison.Ordinal);
        Assert.Empty(await accounts.ListPersonalVersionsAsync(account.Id, CancellationToken.None));

        using var good = await PostAsync(client, path, new()
        {
            ["incoming-server"] = "imap.mine.test", ["incoming-security"] = "ssl", ["incoming-port"] = "993",
            ["smtp-server"] = "smtp.shared.test", ["smtp-security"] = "starttls", ["smtp-port"] = "587", ["smtp-use-incoming-credentials"] = "on",
        });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var version = Assert.Single(await accounts.ListPersonalVersionsAsync(account.Id, CancellationToken.None));
        Assert.Equal("imap.mine.test", version.Incoming?.Host);
        Assert.Null(version.Outgoing); // unchanged from the global account, so it keeps following it
        Assert.Null(version.Credentials);
    }

    [Fact]
    public async Task An_OAuth_account_offers_the_user_the_sign_in_card_and_no_password_field()
    {
        var accounts = server.Services.GetRequiredService<AccountStore>();
        var account = await accounts.AddAsync(new Account
        {
            Name = "OAuth personal " + Guid.NewGuid().ToString("N")[..8],
            Type = AccountType.Imap,
            AvailableToUsers = true,
            Padlocks = new Padlocks(ServerSettingsLocked: false, CredentialsLocked: false),
            Incoming = new IncomingServer("imap.shared.test", 993, SecurityMode.Ssl),
            Outgoing = new OutgoingServer("smtp.shared.test", 587, SecurityMode.StartTls),
            Credentials = new Credentials("desk@shared.test", null),
            OAuth = new OAuthSettings(OAuthProvider.Google, "client-personal", OAuthFlow.AuthorizationCode),
        }, "test", CancellationToken.None);
        using var client = await server.SignedInClientAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);

        var page = await client.GetStringAsync($"personal/{account.Id}");

        Assert.Contains("id=\"credentials\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"oauth-sign-in-card\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"password\"", page, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await MailroomServer.AntiforgeryTokenAsync(client, path);
        return await client.PostAsync(path + "?handler=Save", new FormUrlEncodedContent(fields));
    }
}
