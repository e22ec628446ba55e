using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Mailroom.Data.Records;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

public sealed class MonitorsApiTests(MailroomServer server) : IClassFixture<MailroomServer>
{
    private const string Secret = "Mon-api-secret-5531";

    [Theory]
    [InlineData("GET", "api/monitors")]
    [InlineData("PUT", "api/monitors/anything")]
    [InlineData("GET", "api/monitor/not-handled")]
    [InlineData("POST", "api/monitor/not-handled/1/retry")]
    public async Task Monitor_endpoints_without_a_token_answer_401(string method, string path)
    {
        using var client = server.NewClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { interval = 60 }) };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Put_creates_and_changes_a_monitor_and_the_list_shows_its_state_without_any_password()
    {
        using var client = await TokenClientAsync();
        var name = await AddAccountAsync();

        var before = await client.GetStringAsync("api/monitors");
        Assert.Equal("none", Entry(before, name).GetProperty("state").GetString());

        using var created = await client.PutAsJsonAsync($"api/monitors/{Uri.EscapeDataString(name)}", new { interval = 90, postAction = "move:Done", enabled = false });
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(Secret, createdBody, StringComparison.Ordinal);

        using var changed = await client.PutAsJsonAsync($"api/monitors/{Uri.EscapeDataString(name)}", new { folder = "Support" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var list = await client.GetStringAsync("api/monitors");
        var entry = Entry(list, name);
        Assert.Equal("paused", entry.GetProperty("state").GetString());
        Assert.Equal("Support", entry.GetProperty("folder").GetString());
        Assert.Equal(90, entry.GetProperty("intervalSeconds").GetInt32());
        Assert.Equal("move:Done", entry.GetProperty("postAction").GetString());
        Assert.DoesNotContain(Secret, list, StringComparison.Ordinal);

        var show = await client.GetStringAsync($"api/monitors/{Uri.EscapeDataString(name)}");
        Assert.DoesNotContain(Secret, show, StringComparison.Ordinal);
        Assert.Equal(["Skip", "Default"], JsonDocument.Parse(show).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Bad_settings_are_refused_with_every_problem_under_its_field_and_nothing_is_stored()
    {
        using var client = await TokenClientAsync();
        var name = await AddAccountAsync();

        using var response = await client.PutAsJsonAsync($"api/monitors/{Uri.EscapeDataString(name)}", new { interval = 0, postAction = "shred", folder = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("86400", errors.GetProperty("interval")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("shred", errors.GetProperty("post-action")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("folder", out _));
        Assert.Equal("none", Entry(await client.GetStringAsync("api/monitors"), name).GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_default_customer_is_set_by_address_refused_when_unknown_cleared_with_none_and_described_in_openapi()
    {
        using var client = await TokenClientAsync();
        var name = await AddAccountAsync();
        var path = $"api/monitors/{Uri.EscapeDataString(name)}";
        var address = $"Walk-Ins-{Guid.NewGuid().ToString("N")[..8]}@api.test";
        await server.Services.GetRequiredService<CustomerStore>().GetOrCreateAsync(address, null, CancellationToken.None);

        using var unknown = await client.PutAsJsonAsync(path, new { defaultCustomer = "nobody-" + address });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var errors = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal("no customer with the address nobody-" + address, errors.GetProperty("default-customer")[0].GetString());
        Assert.Equal("none", Entry(await client.GetStringAsync("api/monitors"), name).GetProperty("state").GetString());

        using var set = await client.PutAsJsonAsync(path, new { defaultCustomer = address.ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.Created, set.StatusCode);
        Assert.Equal(address, JsonDocument.Parse(await set.Content.ReadAsStringAsync()).RootElement.GetProperty("monitor").GetProperty("defaultCustomer").GetString());
        Assert.Equal(address, JsonDocument.Parse(await client.GetStringAsync(path)).RootElement.GetProperty("defaultCustomer").GetString());

        using var cleared = await client.PutAsJsonAsync(path, new { defaultCustomer = "none" });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(await client.GetStringAsync(path)).RootElement.GetProperty("defaultCustomer").ValueKind);

        using var anonymous = server.NewClient();
        var document = await anonymous.GetStringAsync("api/openapi/v1.json");
        var input = JsonDocument.Parse(document).RootElement.GetProperty("components").GetProperty("schemas").GetProperty("MonitorSettingsInput");
        Assert.True(input.GetProperty("properties").TryGetProperty("defaultCustomer", out _));
    }

    [Fact]
    public async Task Unknown_accounts_and_messages_answer_404()
    {
        using var client = await TokenClientAsync();

        using var put = await client.PutAsJsonAsync("api/monitors/no-such-account-" + Guid.NewGuid().ToString("N")[..6], new { interval = 60 });
        using var retry = await client.PostAsync("api/monitor/not-handled/987654321/retry", null);
        using var list = await client.GetAsync("api/monitor/not-handled?account=no-such-account");

        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await client.GetStringAsync("api/monitor/not-handled")).RootElement.ValueKind);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_monitor_endpoints()
    {
        using var client = server.NewClient();
        var document = await client.GetStringAsync("api/openapi/v1.json");

        var paths = JsonDocument.Parse(document).RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/monitors", out _));
        Assert.True(paths.TryGetProperty("/api/monitors/{account}", out var one) && one.TryGetProperty("put", out _));
        Assert.True(paths.TryGetProperty("/api/monitor/not-handled", out _));
        Assert.True(paths.TryGetProperty("/api/monitor/not-handled/{id}/retry", out _));
    }

    [Fact]
    public async Task The_list_and_one_monitor_carry_the_accounts_sign_in_state_with_the_providers_words_apart_from_the_last_error()
    {
        using var client = await TokenClientAsync();
        var name = "MonApi OAuth " + Guid.NewGuid().ToString("N")[..8];
        var account = await server.Services.GetRequiredService<AccountStore>().AddAsync(new Account
        {
            Name = name,
            Type = AccountType.Imap,
            Incoming = new IncomingServer("mail.invalid"),
            Outgoing = new OutgoingServer("mail.invalid"),
            Credentials = new Credentials("desk@web.test", null),
            OAuth = new OAuthSettings(OAuthProvider.Google, "client-monapi", OAuthFlow.AuthorizationCode),
        }, "test", CancellationToken.None);
        await server.Services.GetRequiredService<Mailroom.Data.OAuth.OAuthTokenStore>().MarkSignInNeededAsync(account.Id, null, null,
            "invalid_grant: Token has been expired or revoked.", account.Version, DateTimeOffset.UtcNow, CancellationToken.None);
        using var created = await client.PutAsJsonAsync($"api/monitors/{Uri.EscapeDataString(name)}", new { interval = 90 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var entry = Entry(await client.GetStringAsync("api/monitors"), name);
        var show = JsonDocument.Parse(await client.GetStringAsync($"api/monitors/{Uri.EscapeDataString(name)}")).RootElement;

        foreach (var view in new[] { entry, show })
        {
            var signIn = view.GetProperty("signIn");
            Assert.Equal("sign-in-needed", signIn.GetProperty("state").GetString());
            Assert.Equal("invalid_grant: Token has been expired or revoked.", signIn.GetProperty("reason").GetString());
            Assert.NotEqual(JsonValueKind.Null, signIn.GetProperty("since").ValueKind);
            Assert.Equal(JsonValueKind.Null, view.GetProperty("lastError").ValueKind);
        }
    }

    private static JsonElement Entry(string list, string name) =>
        JsonDocument.Parse(list).RootElement.EnumerateArray().Single(e => e.GetProperty("account").GetString() == name);

    private async Task<string> AddAccountAsync()
    {
        var name = "MonApi " + Guid.NewGuid().ToString("N")[..8];
        await server.Services.GetRequiredService<AccountStore>().AddAsync(new Account
        {
            Name = name,
            Type = AccountType.Imap,
            Incoming = new IncomingServer("mail.invalid"),
            Outgoing = new OutgoingServer("mail.invalid"),
            Credentials = new Credentials("desk@web.test", new Secret(Secret)),
        }, "test", CancellationToken.None);
        return name;
    }

    private async Task<HttpClient> TokenClientAsync()
    {
        var (_, value) = await server.Services.GetRequiredService<ApiTokenService>().CreateAsync("monitors test", "test", CancellationToken.None);
        var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);
        return client;
    }
}
