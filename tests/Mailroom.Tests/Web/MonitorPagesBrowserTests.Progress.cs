using System.Net.Http.Headers;
using System.Text.Json;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Mailroom.Testing;
using Mailroom.Tests.Monitor;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Mailroom.Tests.Web;

/// <summary>A long check followed on the Monitors pages and the API while it is held after a batch, then after it ends.</summary>
public sealed partial class MonitorPagesBrowserTests
{
    [Fact]
    public async Task Administrator_sees_an_initial_sync_done_and_left_while_it_runs_and_nothing_once_it_ends()
    {
        var account = await AddAccountAsync("Sync " + Guid.NewGuid().ToString("N")[..8], "mail.invalid", null, null);
        // Paused, so that serve's own worker leaves it to the check this test runs and holds.
        var settings = await Monitors.SaveAsync(new MonitorSettings { AccountId = account.Id, Enabled = false }, default);
        var mailbox = new FakeMailbox();
        for (var i = 0; i < 6; i++)
        {
            mailbox.Deliver($"From: customer-{i}@example.test\r\nTo: desk@example.test\r\nSubject: Sync {i}\r\nMessage-ID: <{Guid.NewGuid():N}@example.test>\r\n\r\nHello\r\n");
        }

        // The real runner, filer and stores of the serve host, two messages a batch, held once the first batch is filed.
        // The node's account leases are serve's worker's to take; this check stands in for the worker, as one node would.
        var options = new MonitorOptions { FetchBatch = 2 };
        var gate = new GateSink(holdAtFiled: 2);
        var runner = ActivatorUtilities.CreateInstance<MonitorRunner>(Services, options, (IMonitorLease)new SingleNodeLease(),
            (IEnumerable<IMonitorProgressSink>)[new MonitorProgressRecorder(Monitors, options), gate]);
        var run = runner.RunOnceAsync(account, settings, mailbox, CancellationToken.None);
        try
        {
            await WaitFor.TaskAsync(Task.WhenAny(gate.Reached, run), Patience, "the check filing its first batch");
            Assert.True(gate.Reached.IsCompleted, "the check ended before it was held: " + run.Exception);

            var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
            await page.GotoAsync($"/monitors/{account.Id}");
            Assert.StartsWith("Initial sync: 2 of 6 messages, ", await page.InnerTextAsync("#sync-progress strong"), StringComparison.Ordinal);
            Assert.Equal("2", await page.GetAttributeAsync("#sync-progress progress", "value"));
            Assert.Equal("6", await page.GetAttributeAsync("#sync-progress progress", "max"));

            await page.GotoAsync("/monitors");
            var row = page.Locator("#monitors tr", new PageLocatorOptions { HasText = account.Name });
            Assert.StartsWith("Initial sync: 2 of 6 messages, ", (await row.Locator(".sync-progress").InnerTextAsync()).Trim(), StringComparison.Ordinal);
            Assert.Equal(1, await page.Locator("meta[http-equiv='refresh']").CountAsync()); // the list follows the check by itself

            using var api = await TokenClientAsync();
            var entry = MonitorEntry(await api.GetStringAsync("api/monitors"), account.Name).GetProperty("progress");
            Assert.Equal((6, 2, 4, true), (entry.GetProperty("listed").GetInt32(), entry.GetProperty("filed").GetInt32(), entry.GetProperty("left").GetInt32(), entry.GetProperty("initial").GetBoolean()));
            Assert.StartsWith("Initial sync: 2 of 6 messages, ", entry.GetProperty("text").GetString(), StringComparison.Ordinal);

            await page.GotoAsync($"/monitors/{account.Id}");
            await page.ClickAsync("#sync-progress >> text=Follow it");
            await ExpectUrlAsync(page, $"**/monitors/{account.Id}/sync");
            Assert.StartsWith("Initial sync: 2 of 6 messages, ", await page.InnerTextAsync("#sync-progress strong"), StringComparison.Ordinal);
            await BrowserFixture.ScreenshotAsync(page, "monitor-sync-progress");

            // Let the check go on: the sync page, refreshing itself, ends on "no check running".
            gate.Release();
            await WaitFor.TaskAsync(run, Patience, "the released check ending");
            Assert.Equal(6, (await run).Fetched);
            await page.Locator("#sync-idle").WaitForAsync(new LocatorWaitForOptions { Timeout = (float)Patience.TotalMilliseconds });
            Assert.Equal(0, await page.Locator("meta[http-equiv='refresh']").CountAsync());

            await page.GotoAsync($"/monitors/{account.Id}");
            Assert.Equal(0, await page.Locator("#sync-progress").CountAsync());
            await page.GotoAsync("/monitors");
            Assert.Equal(0, await page.Locator("#monitors tr", new PageLocatorOptions { HasText = account.Name }).Locator(".sync-progress").CountAsync());
            Assert.Equal(JsonValueKind.Null, MonitorEntry(await api.GetStringAsync("api/monitors"), account.Name).GetProperty("progress").ValueKind);
        }
        finally
        {
            gate.Release();
            await ((Task)run).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
    }

    private static JsonElement MonitorEntry(string list, string name) =>
        JsonDocument.Parse(list).RootElement.EnumerateArray().Single(e => e.GetProperty("account").GetString() == name);

    private async Task<HttpClient> TokenClientAsync()
    {
        var (_, value) = await Services.GetRequiredService<ApiTokenService>().CreateAsync("progress test", "test", CancellationToken.None);
        var client = fixture.Server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);
        return client;
    }

    /// <summary>Holds the check once <c>holdAtFiled</c> messages are filed, until the test releases it.</summary>
    private sealed class GateSink(int holdAtFiled) : IMonitorProgressSink
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Release() => _release.TrySetResult();

        public async Task ReportAsync(MonitorProgress progress, CancellationToken cancellationToken)
        {
            if (progress.Stage == MonitorProgressStage.Filed && progress.Filed == holdAtFiled)
            {
                _reached.TrySetResult();
                await _release.Task.WaitAsync(cancellationToken);
            }
        }
    }
}
