using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Data.Settings;
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

        var (directory, database) = await HarnessDatabase.OpenAsync("sqlite", "graphmon");
        await using (database)
        {
            Account account;
            await using (var services = await ServicesAsync(database))
            {
                account = await services.GetRequiredService<AccountStore>().AddAsync(new Account
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
                await services.GetRequiredService<MonitorStore>().SaveAsync(
                    new MonitorSettings { AccountId = account.Id, Enabled = true, PostAction = "move:Filed" }, CancellationToken.None);

                var first = await services.GetRequiredService<MonitorRunner>().RunOnceAsync(account, CancellationToken.None);

                Assert.Equal(30, first.Fetched);
                Assert.Equal(30, first.NewRecords);
                Assert.Empty(mailbox.Messages("inbox"));
                Assert.Equal(30, mailbox.Messages("Filed").Count);
                var checkpoint = await services.GetRequiredService<MonitorStore>().GetCheckpointAsync(account.Id, MonitorSettings.DefaultFolder, CancellationToken.None);
                Assert.StartsWith(graph.GraphUrl + "/v1.0/", checkpoint, StringComparison.Ordinal);
                Assert.All(graph.Requests, r => Assert.True(r.AskedImmutableIds, $"{r.Method} {r.Url} did not ask for immutable ids"));
            }

            mailbox.AddMessage(Mime("Graph request after restart"));
            var deltasBefore = graph.Requests.Count(r => r.Kind == GraphRequestKind.Delta);

            // A new process, as it were: new services over the same database.
            await using (var services = await ServicesAsync(database))
            {
                var second = await services.GetRequiredService<MonitorRunner>().RunOnceAsync(account, CancellationToken.None);

                Assert.Equal(1, second.Fetched);
                var resumed = graph.Requests.Where(r => r.Kind == GraphRequestKind.Delta).Skip(deltasBefore).First();
                Assert.Contains("deltatoken", resumed.Url, StringComparison.OrdinalIgnoreCase);
                var page = await services.GetRequiredService<RecordStore>().ListAsync(new Core.Records.RecordQuery(Search: "Graph request", Limit: 100), CancellationToken.None);
                Assert.Equal(31, page.Records.Count);
                Assert.Equal(31, page.Records.Select(r => r.Subject).Distinct().Count());
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TryDelete(directory);
    }

    private static string Mime(string subject) =>
        $"From: Customer <customer@example.org>\r\nTo: {Address}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@example.org>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease help with {subject}.\r\n";

    private static async Task<ServiceProvider> ServicesAsync(MailroomDatabase database)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(new MonitorOptions())
            .AddMailroom(database)
            .BuildServiceProvider();
        await services.GetRequiredService<SettingsStore>().EnsureInitializedAsync(CancellationToken.None);
        return services;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the system's temp cleaning.
        }
    }
}
