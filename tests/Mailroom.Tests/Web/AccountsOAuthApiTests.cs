using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mailroom.Testing;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary>
/// <c>/api/accounts</c> for OAuth 2.0 sign-in and Microsoft 365 (Graph) accounts: the same fields as the command, the
/// client secret and certificate going in and never coming out, and ProblemDetails naming each refused field.
/// </summary>
public sealed class AccountsOAuthApiTests(MailroomServer server) : IClassFixture<MailroomServer>
{
    private const string ClientSecret = "Api-client-secret-3381";

    private static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_graph_account_is_created_edited_and_copied_without_its_secret_ever_coming_back()
    {
        using var client = await TokenClientAsync();
        var name = Unique("Graph");

        using var created = await client.PostAsJsonAsync("api/accounts", new
        {
            name, type = "graph",
            oauth = new { tenant = "contoso.onmicrosoft.com", clientId = "11111111-2222-3333-4444-555555555555", clientSecret = ClientSecret },
            graph = new { mailbox = "desk@contoso.test" },
        });
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, createdBody);
        Assert.DoesNotContain(ClientSecret, createdBody, StringComparison.Ordinal);
        var json = JsonDocument.Parse(createdBody).RootElement;
        Assert.Equal("oauth2", json.GetProperty("auth").GetString());
        Assert.Equal("client-credentials", json.GetProperty("oauth").GetProperty("flow").GetString());
        Assert.True(json.GetProperty("oauth").GetProperty("clientSecretSet").GetBoolean());
        Assert.Equal("desk@contoso.test", json.GetProperty("graph").GetProperty("mailbox").GetString());

        var certificate = Convert.ToBase64String(ClientCertificates.CreatePfx());
        using var edited = await client.PatchAsJsonAsync($"api/accounts/{Uri.EscapeDataString(name)}", new
        {
            oauth = new { clientCertificate = certificate },
            graph = new { graphUrl = "https://graph.microsoft.us" },
        });
        var editedBody = await edited.Content.ReadAsStringAsync();
        Assert.True(edited.StatusCode == HttpStatusCode.OK, editedBody);
        Assert.DoesNotContain(certificate[..40], editedBody, StringComparison.Ordinal);
        var editedJson = JsonDocument.Parse(editedBody).RootElement;
        Assert.False(editedJson.GetProperty("oauth").GetProperty("clientSecretSet").GetBoolean());
        Assert.True(editedJson.GetProperty("oauth").GetProperty("clientCertificateSet").GetBoolean());
        Assert.Equal("https://graph.microsoft.us", editedJson.GetProperty("graph").GetProperty("graphUrl").GetString());
        Assert.Equal(["https://graph.microsoft.us/.default"], editedJson.GetProperty("oauth").GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));

        using var copied = await client.PostAsJsonAsync($"api/accounts/{Uri.EscapeDataString(name)}/copy", new { name = name + " 2" });
        Assert.Equal(HttpStatusCode.Created, copied.StatusCode);
        var copy = JsonDocument.Parse(await client.GetStringAsync($"api/accounts/{Uri.EscapeDataString(name + " 2")}")).RootElement;
        Assert.True(copy.GetProperty("oauth").GetProperty("clientCertificateSet").GetBoolean());
    }

    [Fact]
    public async Task An_imap_account_goes_to_oauth_and_back_to_password()
    {
        using var client = await TokenClientAsync();
        var name = Unique("OAuth IMAP");
        using var created = await client.PostAsJsonAsync("api/accounts", new
        {
            name, type = "imap", incomingServer = "imap.gmail.com", smtpServer = "smtp.gmail.com", user = "desk@gmail.test", password = "old-password",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var toOAuth = await client.PatchAsJsonAsync($"api/accounts/{Uri.EscapeDataString(name)}", new
        {
            auth = "oauth2",
            oauth = new { provider = "google", clientId = "123.apps.googleusercontent.com", clientSecret = ClientSecret },
        });
        var body = await toOAuth.Content.ReadAsStringAsync();
        Assert.True(toOAuth.StatusCode == HttpStatusCode.OK, body);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.False(json.GetProperty("passwordSet").GetBoolean());
        Assert.Equal("https://oauth2.googleapis.com/token", json.GetProperty("oauth").GetProperty("tokenUrl").GetString());
        Assert.Equal("https://accounts.google.com/o/oauth2/v2/auth", json.GetProperty("oauth").GetProperty("authorizeUrl").GetString());
        Assert.Equal(["https://mail.google.com/"], json.GetProperty("oauth").GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));

        using var back = await client.PatchAsJsonAsync($"api/accounts/{Uri.EscapeDataString(name)}", new { auth = "password", password = "new-password" });
        var backJson = JsonDocument.Parse(await back.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal("password", backJson.GetProperty("auth").GetString());
        Assert.Equal(JsonValueKind.Null, backJson.GetProperty("oauth").ValueKind);
        Assert.True(backJson.GetProperty("passwordSet").GetBoolean());
    }

    [Fact]
    public async Task Refused_oauth_and_graph_fields_are_named_in_the_problem_details()
    {
        using var client = await TokenClientAsync();

        using var graph = await client.PostAsJsonAsync("api/accounts", new
        {
            name = Unique("Bad graph"), type = "graph",
            oauth = new { provider = "google", flow = "device-code", clientId = "" },
            graph = new { mailbox = "desk", graphUrl = "http://graph.example.test" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, graph.StatusCode);
        var errors = JsonDocument.Parse(await graph.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["mailbox", "graph-url", "oauth-provider", "oauth-flow", "client-id"], errors.EnumerateObject().Select(p => p.Name));

        using var custom = await client.PostAsJsonAsync("api/accounts", new
        {
            name = Unique("Bad custom"), type = "imap", incomingServer = "imap.example.test", smtpServer = "smtp.example.test", auth = "oauth2",
            oauth = new { provider = "custom", clientId = "x", tokenUrl = "http://id.example.test/token" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, custom.StatusCode);
        var customErrors = JsonDocument.Parse(await custom.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["authorize-url", "scope", "token-url"], customErrors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("loopback", customErrors.GetProperty("token-url")[0].GetString(), StringComparison.Ordinal);

        using var noAuth = await client.PostAsJsonAsync("api/accounts", new
        {
            name = Unique("No auth"), type = "imap", incomingServer = "imap.example.test", smtpServer = "smtp.example.test", auth = "kerberos",
        });
        var noAuthErrors = JsonDocument.Parse(await noAuth.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["auth"], noAuthErrors.EnumerateObject().Select(p => p.Name));

        using var oauthWithoutAuth = await client.PostAsJsonAsync("api/accounts", new
        {
            name = Unique("Half"), type = "pop3", incomingServer = "pop.example.test", smtpServer = "smtp.example.test",
            oauth = new { provider = "microsoft" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, oauthWithoutAuth.StatusCode);
        Assert.Contains("\"auth\"", await oauthWithoutAuth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> TokenClientAsync()
    {
        var (_, value) = await server.Services.GetRequiredService<ApiTokenService>().CreateAsync("oauth accounts test", "test", CancellationToken.None);
        var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);
        return client;
    }
}
