using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mailroom.Data.Records;
using Mailroom.Data.Users;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary>API tokens carry a role: an agent token works records and nothing else; an expired token is refused.</summary>
public sealed class ApiTokenRoleTests(MailroomServer server) : IClassFixture<MailroomServer>
{
    [Theory]
    [InlineData("api/accounts")]
    [InlineData("api/tokens")]
    [InlineData("api/users")]
    [InlineData("api/monitors")]
    [InlineData("api/audit")]
    public async Task An_agent_token_cannot_reach_administrator_endpoints(string path)
    {
        using var agent = await ClientAsync(UserRole.Agent);
        using var admin = await ClientAsync(UserRole.Administrator);

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task An_agent_token_works_records_and_the_journal_names_who_made_it()
    {
        var record = await RecordSeed.RecordAsync(server, "Token roles " + Guid.NewGuid().ToString("N")[..8]);
        using var agent = await ClientAsync(UserRole.Agent);

        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("api/records")).StatusCode);
        using var status = await agent.PostAsJsonAsync($"api/records/{record.Number}/status", new { status = "resolved" });
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var assign = await agent.PostAsJsonAsync($"api/records/{record.Number}/assignee", new { assignee = MailroomServer.AgentAddress });
        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        using var note = await agent.PostAsJsonAsync($"api/records/{record.Number}/notes", new { text = "Checked with the vendor." });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);

        using var bad = await agent.PostAsJsonAsync($"api/records/{record.Number}/status", new { status = "burning" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("status", out _));

        var changed = await server.Services.GetRequiredService<RecordStore>().GetAsync(record.Id, CancellationToken.None);
        Assert.Equal(Core.Records.RecordStatus.Resolved, changed!.Status);
        Assert.Equal(MailroomServer.AgentAddress, changed.Assignee);
        var journal = await server.Services.GetRequiredService<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None);
        Assert.Equal(3, journal.Count);
        Assert.All(journal, e => Assert.Equal("roles-test (API token)", e.Author));
        Assert.Equal("Checked with the vendor.", journal[2].Text);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var value = ApiTokenService.Prefix + Guid.NewGuid().ToString("N");
        await server.Services.GetRequiredService<ApiTokenStore>().AddAsync(
            "expired", ApiTokenService.Hash(value), "roles-test", UserRole.Administrator, DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None);
        using var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/records")).StatusCode);
    }

    [Fact]
    public async Task The_api_refuses_to_demote_the_last_active_administrator()
    {
        using var admin = await ClientAsync(UserRole.Administrator);
        using var response = await admin.PutAsJsonAsync($"api/users/{MailroomServer.AdminAddress}/role", new { role = "agent" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("last active administrator", errors.GetProperty("address")[0].GetString(), StringComparison.Ordinal);
        var user = await server.Services.GetRequiredService<UserStore>().FindByAddressAsync(MailroomServer.AdminAddress, CancellationToken.None);
        Assert.Equal(UserRole.Administrator, user!.Role);
    }

    private async Task<HttpClient> ClientAsync(UserRole role)
    {
        var (_, value) = await server.Services.GetRequiredService<ApiTokenService>().CreateAsync("roles " + role, "roles-test", role, null, CancellationToken.None);
        var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);
        return client;
    }
}
