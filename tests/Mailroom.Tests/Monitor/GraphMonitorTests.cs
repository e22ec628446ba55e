using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Engine.Monitor;
using Mailroom.Testing.Graph;
using Mailroom.Testing.OAuth;
using Mailroom.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// The monitor with the application's own services (transport factory, filer, ledger) on a Microsoft 365 account:
/// the in-process Graph server holds the mailbox, the local authorization server issues the app-only tokens, which
/// the engine's own token source buys with the account's sealed client secret.
/// </summary>
public sealed class GraphMonitorTests
{
    private const string Secret = "graph-monitor-secret";
    private const string Address = "desk@contoso.example";

    [Fact]
    public async Task Graph_mail_is_filed_once_moved_after_filing_and_a_restart_resumes_from_the_kept_delta_link()
    {
        await using var identity = await OAuthTestServer.StartAsync();
        await using var graph = await GraphTestServer.StartAsync(new GraphTestServerOptions { SigningKey = identity.SigningKey });
        var app = identity.AddClient(Secret);
        var mailbox = graph.AddMailbox(Address);
        for (var i = 0; i < 30; i++)
        {
            mailbox.AddMessage(Mime($"Graph request {i:00}"), received: DateTimeOffset.UtcNow.AddMinutes(i - 60));
        }

        await using var h = await AppHarness.CreateAsync("sqlite", "graphmon", services => services.AddSingleton(new MonitorOptions()));
        var account = await h.Get<AccountStore>().AddAsync(new Account
        {
            Name = "Desk 365",
            Type = AccountType.Graph,
            OAuth = new OAuthSettings(OAuthProvider.Microsoft, app.ClientId, OAuthFlow.ClientCredentials)
            {
                Tenant = identity.Tenant,
                Authority = identity.Authority,
                ClientSecret = new Secret(Secret),
            },
            Graph = new GraphMailboxSettings(Address, graph.GraphUrl),
            From = new FromSettings(false, false, [Address], Address),
        }, "test", CancellationToken.None);
        await h.Get<MonitorStore>().SaveAsync(
            new MonitorSettings { AccountId = account.Id, Enabled = true, PostAction = "move:Filed" }, CancellationToken.None);

        var first = await h.Get<MonitorRunner>().RunOnceAsync(account, CancellationToken.None);

        Assert.Equal(30, first.Fetched);
        Assert.Equal(30, first.NewRecords);
        Assert.Empty(mailbox.Messages("inbox"));
        Assert.Equal(30, mailbox.Messages("Filed").Count);
        var checkpoint = await h.Get<MonitorStore>().GetCheckpointAsync(account.Id, MonitorSettings.DefaultFolder, CancellationToken.None);
        Assert.StartsWith(graph.GraphUrl + "/v1.0/", checkpoint, StringComparison.Ordinal);
        Assert.All(graph.Requests, r => Assert.True(r.AskedImmutableIds, $"{r.Method} {r.Url} did not ask for immutable ids"));

        mailbox.AddMessage(Mime("Graph request after restart"));
        var deltasBefore = graph.Requests.Count(r => r.Kind == GraphRequestKind.Delta);

        // A new process, as it were: new services over the same database.
        await h.RestartServicesAsync();
        var second = await h.Get<MonitorRunner>().RunOnceAsync(account, CancellationToken.None);

        Assert.Equal(1, second.Fetched);
        var resumed = graph.Requests.Where(r => r.Kind == GraphRequestKind.Delta).Skip(deltasBefore).First();
        Assert.Contains("deltatoken", resumed.Url, StringComparison.OrdinalIgnoreCase);
        var page = await h.Get<RecordStore>().ListAsync(new Core.Records.RecordQuery(Search: "Graph request", Limit: 100), CancellationToken.None);
        Assert.Equal(31, page.Records.Count);
        Assert.Equal(31, page.Records.Select(r => r.Subject).Distinct().Count());
    }

    private static string Mime(string subject) =>
        $"From: Customer <customer@example.org>\r\nTo: {Address}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@example.org>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease help with {subject}.\r\n";
}
