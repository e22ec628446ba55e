using System.Net;
using System.Net.Http.Headers;
using Mailroom.Core.Accounts;
using Mailroom.Data.Users;
using Mailroom.Data.Accounts;
using Mailroom.Data.Outbox;
using Mailroom.Data.Tests.Outbox;
using Mailroom.Testing;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary><c>POST /api/outbox/{id}/cancel</c>: an administrator token cancels a queued message (kept as failed, saying by whom); an agent token may not; a second cancel is a conflict, an unknown id not found.</summary>
public sealed class OutboxApiTests(MailroomServer server) : IClassFixture<MailroomServer>
{
    [Fact]
    public async Task An_administrator_token_cancels_a_queued_message_and_an_agent_token_cannot()
    {
        var account = await server.Services.GetRequiredService<AccountStore>().AddAsync(new Account
        {
            Name = "Refused-" + Guid.NewGuid().ToString("N")[..8],
            Type = AccountType.Imap,
            Incoming = new IncomingServer("127.0.0.1", 9, SecurityMode.None),
            Outgoing = new OutgoingServer("127.0.0.1", 9, SecurityMode.None),
            Credentials = new Credentials("desk@example.test", new Secret("Seed-secret-1")),
            From = new FromSettings(false, false, ["desk@example.test"], "desk@example.test"),
        }, "test", CancellationToken.None);
        var record = await RecordSeed.RecordAsync(server, "Outbox API " + Guid.NewGuid().ToString("N")[..8], "cust@example.test");
        var id = (await server.Services.GetRequiredService<OutboxStore>().EnqueueAsync(
            false, TimeSpan.FromHours(1), _ => QueuedMail.Item(record.Id) with { AccountId = account.Id }, CancellationToken.None)).OutboxId;
        using var agent = await ClientAsync(UserRole.Agent);
        using var admin = await ClientAsync(UserRole.Administrator);

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsync($"api/outbox/{id}/cancel", null)).StatusCode);
        // The outbox worker may be trying the refusing server at this moment (409, being sent): asked again until it is not.
        var status = HttpStatusCode.Conflict;
        await WaitFor.ConditionAsync(async () =>
        {
            using var response = await admin.PostAsync($"api/outbox/{id}/cancel", null);
            status = response.StatusCode;
            return status != HttpStatusCode.Conflict
                || (await server.Services.GetRequiredService<OutboxStore>().GetAsync(id, CancellationToken.None))!.State == OutboxState.Failed;
        }, TimeSpan.FromMinutes(1), $"outbox message {id} cancelled through the API");

        Assert.Equal(HttpStatusCode.OK, status);
        var message = await server.Services.GetRequiredService<OutboxStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(OutboxState.Failed, message!.State);
        Assert.Contains("(API token)", message.LastError, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"api/outbox/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("api/outbox/999999999/cancel", null)).StatusCode);
    }

    private async Task<HttpClient> ClientAsync(UserRole role)
    {
        var (_, value) = await server.Services.GetRequiredService<ApiTokenService>().CreateAsync("outbox " + role, "outbox-test", role, null, CancellationToken.None);
        var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);
        return client;
    }
}
