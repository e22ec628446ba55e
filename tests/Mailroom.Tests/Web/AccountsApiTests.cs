using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

public sealed class AccountsApiTests(MailroomServer server) : IClassFixture<MailroomServer>
{
    private const string Secret = "Api-secret-9917";

    [Fact]
    public async Task Accounts_without_a_token_answer_401()
    {
        using var client = server.NewClient();
        using var response = await client.GetAsync("api/accounts");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Create_show_edit_copy_delete_never_return_the_password()
    {
        using var client = await TokenClientAsync();
        var name = "Api " + Guid.NewGuid().ToString("N")[..8];

        using var created = await client.PostAsJsonAsync("api/accounts", new
        {
            name, type = "imap", incomingServer = "127.0.0.1", smtpServer = "127.0.0.1", user = "desk@web.test", password = Secret,
            fromAddresses = new[] { "desk@web.test" }, defaultFrom = "desk@web.test",
        });
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(Secret, createdBody, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(createdBody).RootElement.GetProperty("passwordSet").GetBoolean());

        using var edited = await client.PatchAsJsonAsync($"api/accounts/{Uri.EscapeDataString(name)}", new { incomingPort = 993, incomingSecurity = "ssl" });
        var editedJson = JsonDocument.Parse(await edited.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(993, editedJson.GetProperty("incomingPort").GetInt32());
        Assert.True(editedJson.GetProperty("passwordSet").GetBoolean());

        using var copied = await client.PostAsJsonAsync($"api/accounts/{Uri.EscapeDataString(name)}/copy", new { name = name + " 2" });
        Assert.Equal(HttpStatusCode.Created, copied.StatusCode);

        var list = await client.GetStringAsync("api/accounts");
        Assert.Contains(name + " 2", list, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, list, StringComparison.Ordinal);

        using var deleted = await client.DeleteAsync($"api/accounts/{Uri.EscapeDataString(name + " 2")}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await client.GetAsync($"api/accounts/{Uri.EscapeDataString(name + " 2")}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Validation_problems_name_the_fields_as_the_command_does()
    {
        using var client = await TokenClientAsync();
        using var response = await client.PostAsJsonAsync("api/accounts", new { name = "", type = "imap", incomingPort = 70000, defaultFrom = "nobody@web.test" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("incoming-server", out _));
        Assert.True(errors.TryGetProperty("incoming-port", out _));
        Assert.True(errors.TryGetProperty("smtp-server", out _));
        Assert.True(errors.TryGetProperty("default-from", out _));
    }

    [Fact]
    public async Task An_edit_based_on_an_old_version_is_a_conflict()
    {
        using var client = await TokenClientAsync();
        var name = "Ver " + Guid.NewGuid().ToString("N")[..8];
        using var created = await client.PostAsJsonAsync("api/accounts", new { name, type = "pop3", incomingServer = "pop.example.com", smtpServer = "smtp.example.com" });
        var version = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64();
        using var first = await client.PatchAsJsonAsync($"api/accounts/{Uri.EscapeDataString(name)}", new { availableToUsers = true, version });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var stale = await client.PatchAsJsonAsync($"api/accounts/{Uri.EscapeDataString(name)}", new { availableToUsers = false, version });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task The_audit_log_lists_an_accounts_changes_by_field_name_and_never_the_password()
    {
        using var client = await TokenClientAsync();
        var name = "Audit " + Guid.NewGuid().ToString("N")[..8];
        using var created = await client.PostAsJsonAsync("api/accounts", new { name, type = "pop3", incomingServer = "pop.example.com", smtpServer = "smtp.example.com", user = "desk@web.test", password = Secret });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var cleared = await client.PatchAsJsonAsync($"api/accounts/{Uri.EscapeDataString(name)}", new { password = "", incomingPort = 1110 });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);

        using var response = await client.GetAsync($"api/audit?account={Uri.EscapeDataString(name.ToUpperInvariant())}&since=2000-01-01&limit=10");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        var entries = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
        Assert.Equal(["account.changed", "account.added"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["password", "incoming-port"], entries[0].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.All(entries, e => Assert.Equal(name, e.GetProperty("account").GetString()));
        Assert.All(entries, e => Assert.StartsWith("api:", e.GetProperty("actor").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_audit_filters_are_400s_under_their_names_and_an_unknown_account_is_404()
    {
        using var client = await TokenClientAsync();

        using var bad = await client.GetAsync("api/audit?since=yesterday&limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(["since", "limit"], errors.EnumerateObject().Select(p => p.Name));

        using var unknown = await client.GetAsync("api/audit?account=nobody-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var document = await server.NewClient().GetStringAsync("api/openapi/v1.json");
        Assert.Contains("\"/api/audit\"", document, StringComparison.Ordinal);
    }

    private async Task<HttpClient> TokenClientAsync()
    {
        var (_, value) = await server.Services.GetRequiredService<ApiTokenService>().CreateAsync("accounts test", "test", CancellationToken.None);
        var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);
        return client;
    }
}
