using System.Net;
using System.Text.Json.Nodes;
using Mailroom.Testing.Graph;
using Mailroom.Testing.OAuth;

namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>The Graph server takes the tokens the local authorization server (tests/Mailroom.Testing/OAuth) issues,
/// as Graph takes the Microsoft identity platform's (auth-v2-service.md: client credentials, scope
/// <c>{graph}/.default</c>, then the bearer token on every call).</summary>
public sealed class GraphServerIdentityPlatformTests
{
    private const string Desk = "desk@contoso.test";

    [Fact]
    public async Task A_client_credentials_token_for_the_servers_default_scope_reads_the_mailbox()
    {
        await using var identity = await OAuthTestServer.StartAsync();
        await using var server = await GraphTestServer.StartAsync(identity);
        server.AddMailbox(Desk).AddMessage(GraphTestMail.Message("Hello"));
        var client = identity.AddClient(secret: "s3cret-value");

        var token = await ClientCredentialsAsync(identity, client, server.GraphUrl + "/.default");
        using var http = new GraphHttp(server, token);
        var inbox = await http.GetAsync($"users/{Desk}/mailFolders/inbox");

        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        Assert.Equal(1, inbox.Json["totalItemCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_token_of_the_authorization_server_for_IMAP_or_past_its_lifetime_is_refused_with_401()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var identity = await OAuthTestServer.StartAsync(timeProvider: clock);
        await using var server = await GraphTestServer.StartAsync(identity, new GraphTestServerOptions { Clock = clock });
        server.AddMailbox(Desk);
        var client = identity.AddClient(secret: "s3cret-value");

        var imap = await ClientCredentialsAsync(identity, client, "https://outlook.office365.com/.default");
        var shortLived = identity.CreateAccessToken(client.AppSubject, server.GraphUrl, roles: ["Mail.ReadWrite"], lifetime: TimeSpan.FromSeconds(3), appId: client.ClientId);
        using var imapHttp = new GraphHttp(server, imap);
        using var shortHttp = new GraphHttp(server, shortLived);
        var wrongAudience = await imapHttp.GetAsync($"users/{Desk}/mailFolders/inbox");
        var fresh = await shortHttp.GetAsync($"users/{Desk}/mailFolders/inbox");
        clock.Advance(TimeSpan.FromSeconds(3));
        var expired = await shortHttp.GetAsync($"users/{Desk}/mailFolders/inbox");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongAudience.Status);
        Assert.Equal("Access token validation failure. Invalid audience.", wrongAudience.ErrorMessage);
        Assert.Equal(HttpStatusCode.OK, fresh.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal("InvalidAuthenticationToken", expired.ErrorCode);
    }

    [Fact]
    public async Task A_delegated_token_of_the_authorization_server_reaches_the_users_own_mailbox_through_me()
    {
        await using var identity = await OAuthTestServer.StartAsync();
        await using var server = await GraphTestServer.StartAsync(identity);
        server.AddMailbox(Desk);

        var token = identity.CreateAccessToken(Desk, "https://graph.microsoft.com", scopes: ["Mail.ReadWrite", "Mail.Send"]);
        using var http = new GraphHttp(server, token);
        var me = await http.GetAsync("me/mailFolders/inbox");

        Assert.Equal(HttpStatusCode.OK, me.Status);
    }

    private static async Task<string> ClientCredentialsAsync(OAuthTestServer identity, OAuthTestClient client, string scope)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(identity.TokenUrl(), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.Secret!,
            ["scope"] = scope,
        }));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        return body["access_token"]!.GetValue<string>();
    }
}
