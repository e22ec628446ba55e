using System.Net;
using System.Text.RegularExpressions;
using Mailroom.Data;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Data.Settings;
using Mailroom.Tests.Support;
using Mailroom.Testing;
using Mailroom.Web;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Mailroom.Tests.Web;

/// <summary>
/// With <c>Mailroom:Metrics:Enabled</c>, a real serve host's monitor files mail from Dovecot and <c>/metrics</c>, in
/// Prometheus text, counts it under the account's name; without it there is no <c>/metrics</c>.
/// </summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_count_what_a_monitor_run_fetched_and_filed_per_account()
    {
        await MailServer.EnsureStartedAsync();
        var desk = await MailServer.CreateUserAsync("metrics");
        var directory = Path.Combine(Path.GetTempPath(), "mailroom-metrics-" + Guid.NewGuid().ToString("N")[..8]);
        await using var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(directory), CancellationToken.None);
        await using var app = MailroomWebHost.Build(new ServeSettings(database.Options, "http://127.0.0.1:0", "metrics-node"), database,
            new Dictionary<string, string?> { ["Mailroom:Metrics:Enabled"] = "true" });
        await app.Services.GetRequiredService<SettingsStore>().EnsureInitializedAsync(CancellationToken.None);
        var account = await app.Services.GetRequiredService<AccountStore>().AddAsync(DeskAccounts.For(desk), "test", CancellationToken.None);
        await app.Services.GetRequiredService<MonitorStore>().SaveAsync(new MonitorSettings { AccountId = account.Id, Enabled = true }, CancellationToken.None);
        for (var i = 0; i < 2; i++)
        {
            var message = new MimeMessage { Subject = $"Metrics request {i}", Body = new TextPart("plain") { Text = "Please help." } };
            message.From.Add(new MailboxAddress("Cat", $"cat{i}@customers.test"));
            message.To.Add(MailboxAddress.Parse(desk.Address));
            await MailServer.DeliverAsync(desk.Address, message);
        }

        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/") };
        var text = "";
        await WaitFor.ConditionAsync(async () =>
        {
            using var response = await client.GetAsync("metrics");
            text = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK && Count(text, "mailroom_monitor_filed_total", account.Name) == 2;
        }, TimeSpan.FromMinutes(2), $"/metrics counting 2 messages filed for {account.Name}");

        Assert.Equal(2, Count(text, "mailroom_monitor_fetched_total", account.Name));
        Assert.Equal(0, Count(text, "mailroom_monitor_set_aside_total", account.Name));
        Assert.Equal(2, Count(text, "mailroom_monitor_filing_duration_seconds_count", account.Name));
        Assert.Equal(1, Count(text, "mailroom_monitor_connections", account.Name));
        Assert.Matches(new Regex(@"^mailroom_node_leases\{[^}]*node=""metrics-node""[^}]*\} 1(\s|$)", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^mailroom_outbox_depth(\{[^}]*\})? 0(\s|$)", RegexOptions.Multiline), text);
        Assert.DoesNotContain(desk.Password, text, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_metrics_endpoint()
    {
        var server = new MailroomServer();
        await server.InitializeAsync();
        try
        {
            using var client = server.NewClient();
            using var response = await client.GetAsync("metrics");

            // No endpoint: the fallback asks for a sign-in (a redirect), never a page of numbers.
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("mailroom_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>The value of <paramref name="metric"/> for the account, or -1 when the line is missing.</summary>
    private static long Count(string text, string metric, string account)
    {
        var match = Regex.Match(text, $@"^{Regex.Escape(metric)}\{{[^}}]*account=""{Regex.Escape(account)}""[^}}]*\}} (\d+)", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }
}
