using System.Net;
using System.Text.Json.Nodes;
using Mailroom.Testing.Graph;

namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>The in-process Graph server checks bearer tokens and rights as Graph does (errors.md, auth-v2-service.md).</summary>
public sealed class GraphServerAuthenticationTests
{
    private const string Desk = "desk@contoso.test";

    [Fact]
    public async Task A_request_without_a_token_is_refused_with_401_InvalidAuthenticationToken_and_a_bearer_challenge()
    {
        await using var server = await GraphTestServer.StartAsync();
        server.AddMailbox(Desk);
        using var http = new GraphHttp(server, token: null);

        var reply = await http.GetAsync($"users/{Desk}/mailFolders/inbox");

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("InvalidAuthenticationToken", reply.ErrorCode);
        Assert.Equal("Access token is empty.", reply.ErrorMessage);
        Assert.StartsWith("Bearer", reply.Header("WWW-Authenticate"));
        Assert.Equal(1, server.Counters.Unauthorized);
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_401_InvalidAuthenticationToken_saying_it_expired()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = await GraphTestServer.StartAsync(new GraphTestServerOptions { Clock = clock });
        server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken(TimeSpan.FromSeconds(5)));

        var before = await http.GetAsync($"users/{Desk}/mailFolders/inbox");
        clock.Advance(TimeSpan.FromSeconds(5));
        var after = await http.GetAsync($"users/{Desk}/mailFolders/inbox");

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
        Assert.Equal("InvalidAuthenticationToken", after.ErrorCode);
        Assert.Equal("Lifetime validation failed, the token is expired.", after.ErrorMessage);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_or_for_another_audience_or_not_a_JWT_is_refused()
    {
        await using var server = await GraphTestServer.StartAsync();
        server.AddMailbox(Desk);
        var otherKey = GraphTestTokens.App(new byte[32], TimeSpan.FromHours(1));
        var imapAudience = GraphTestTokens.App(server.SigningKey, TimeSpan.FromHours(1), audience: "https://outlook.office365.com");

        foreach (var (token, message) in new[]
        {
            (otherKey, "Access token validation failure."),
            (imapAudience, "Access token validation failure. Invalid audience."),
            ("not-a-token", "CompactToken parsing failed with error code: 80049217"),
        })
        {
            using var http = new GraphHttp(server, token);
            var reply = await http.GetAsync($"users/{Desk}/mailFolders/inbox");
            Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
            Assert.Equal("InvalidAuthenticationToken", reply.ErrorCode);
            Assert.Equal(message, reply.ErrorMessage);
        }
    }

    [Fact]
    public async Task A_token_for_the_servers_own_url_as_resource_is_accepted()
    {
        await using var server = await GraphTestServer.StartAsync();
        server.AddMailbox(Desk);
        using var http = new GraphHttp(server, GraphTestTokens.App(server.SigningKey, TimeSpan.FromHours(1), audience: server.GraphUrl + "/"));

        var reply = await http.GetAsync($"users/{Desk}/mailFolders/inbox");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task An_app_only_token_on_me_is_refused_and_a_delegated_one_reaches_the_users_own_mailbox()
    {
        await using var server = await GraphTestServer.StartAsync();
        server.AddMailbox(Desk);
        using var app = new GraphHttp(server, server.AppToken());
        using var user = new GraphHttp(server, server.DelegatedToken(Desk));

        var refused = await app.GetAsync("me/mailFolders/inbox");
        var own = await user.GetAsync("me/mailFolders/inbox");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("/me request is only valid with delegated authentication flow.", refused.ErrorMessage);
        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Equal("Inbox", own.Json["displayName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_permissions_are_refused_with_403_ErrorAccessDenied()
    {
        await using var server = await GraphTestServer.StartAsync();
        var desk = server.AddMailbox(Desk);
        var shared = server.AddMailbox("support@contoso.test", shared: true);
        var message = desk.AddMessage(GraphTestMail.Message("Hello"));
        using var readOnly = new GraphHttp(server, server.AppToken(roles: ["Mail.Read"]));
        using var delegated = new GraphHttp(server, server.DelegatedToken(Desk, scopes: ["Mail.ReadWrite", "Mail.Send"]));

        var patch = await readOnly.SendJsonAsync(HttpMethod.Patch, $"users/{Desk}/messages/{message.RestId}", new JsonObject { ["isRead"] = true });
        var read = await readOnly.GetAsync($"users/{Desk}/messages/{message.RestId}/$value");
        var sharedWithoutScope = await delegated.GetAsync("users/support@contoso.test/mailFolders/inbox");
        shared.GrantAccess(Desk);
        using var sharedScope = new GraphHttp(server, server.DelegatedToken(Desk, scopes: ["Mail.ReadWrite.Shared"]));
        var sharedWithScope = await sharedScope.GetAsync("users/support@contoso.test/mailFolders/inbox");

        Assert.Equal(HttpStatusCode.Forbidden, patch.Status);
        Assert.Equal("ErrorAccessDenied", patch.ErrorCode);
        Assert.False(desk.Current(message).IsRead);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(HttpStatusCode.Forbidden, sharedWithoutScope.Status);
        Assert.Equal(HttpStatusCode.OK, sharedWithScope.Status);
    }

    [Fact]
    public async Task An_app_shut_out_by_an_application_access_policy_is_refused_for_that_mailbox_only()
    {
        await using var server = await GraphTestServer.StartAsync();
        var desk = server.AddMailbox(Desk);
        server.AddMailbox("ceo@contoso.test").BlockApp(GraphTestTokens.DefaultAppId);
        using var http = new GraphHttp(server, server.AppToken());

        var blocked = await http.GetAsync("users/ceo@contoso.test/mailFolders/inbox");
        var allowed = await http.GetAsync($"users/{desk.Address}/mailFolders/inbox");

        Assert.Equal(HttpStatusCode.Forbidden, blocked.Status);
        Assert.Equal("ErrorAccessDenied", blocked.ErrorCode);
        Assert.Contains("AccessPolicy", blocked.ErrorMessage);
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
    }

    [Fact]
    public async Task Errors_have_the_documented_shape_with_the_request_ids_and_an_unknown_user_is_ErrorInvalidUser()
    {
        await using var server = await GraphTestServer.StartAsync();
        using var http = new GraphHttp(server, server.AppToken());

        var reply = await http.SendAsync(HttpMethod.Get, "users/nobody@contoso.test/mailFolders/inbox", null, clientRequestId: "c0ffee00-1111-2222-3333-444455556666");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("ErrorInvalidUser", reply.ErrorCode);
        Assert.Equal("The requested user 'nobody@contoso.test' is invalid.", reply.ErrorMessage);
        var inner = reply.Json["error"]!["innerError"]!;
        Assert.Equal("c0ffee00-1111-2222-3333-444455556666", inner["client-request-id"]!.GetValue<string>());
        Assert.Equal(reply.Header("request-id"), inner["request-id"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$", inner["date"]!.GetValue<string>());
        Assert.StartsWith("application/json", reply.Header("Content-Type"));
    }

    [Fact]
    public async Task An_unknown_segment_is_a_400_naming_it_and_a_wrong_method_a_405()
    {
        await using var server = await GraphTestServer.StartAsync();
        server.AddMailbox(Desk);
        using var http = new GraphHttp(server, server.AppToken());

        var unknown = await http.GetAsync($"users/{Desk}/mailFolderz");
        var method = await http.SendAsync(HttpMethod.Delete, $"users/{Desk}/mailFolders", null);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("Resource not found for the segment 'mailFolderz'.", unknown.ErrorMessage);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.Status);
    }
}
