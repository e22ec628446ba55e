using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Mailroom.Tests.Web;

/// <summary>The Monitors pages in Chromium: settings, the items editor, status after real runs, Not handled and Retry.</summary>
public sealed partial class MonitorPagesBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private IServiceProvider Services => fixture.Server.Services;

    [Fact]
    public async Task Administrator_sets_up_a_monitor_sees_a_field_error_and_edits_its_items()
    {
        // A POP3-free account with no reachable server: the settings and items need no mail server, and the monitor
        // is paused before it is ever enabled.
        var account = await AddAccountAsync("Mon " + Guid.NewGuid().ToString("N")[..8], "mail.invalid", null, null);
        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);

        await page.GotoAsync("/options/accounts");
        Assert.Equal("none", (await page.Locator("tr", new PageLocatorOptions { HasText = account.Name }).Locator("td.monitor-state a").InnerTextAsync()).Trim());

        await page.ClickAsync("header nav >> text=Monitors");
        await page.ClickAsync($"#monitors >> text={account.Name}");
        await page.UncheckAsync("#enabled");
        await page.FillAsync("#interval", "0");
        await page.ClickAsync("button:has-text('Set up monitor')");
        Assert.Contains("1 to 86400", await page.InnerTextAsync("#error-interval"), StringComparison.Ordinal);
        Assert.Null(await Monitors.FindByAccountAsync(account.Id, default)); // nothing half-written
        await BrowserFixture.ScreenshotAsync(page, "monitor-settings-error");

        await page.FillAsync("#interval", "120");
        await page.SelectOptionAsync("#post-action", "move");
        await page.FillAsync("#move-folder", "Processed");
        await page.UncheckAsync("#enabled");
        await page.ClickAsync("button:has-text('Set up monitor')");
        Assert.Contains("Monitor set up", await page.InnerTextAsync(".flash"), StringComparison.Ordinal);
        var saved = await Monitors.FindByAccountAsync(account.Id, default);
        Assert.NotNull(saved);
        Assert.Equal(120, saved.IntervalSeconds);
        Assert.Equal("move:Processed", saved.PostAction);
        Assert.False(saved.Enabled);
        Assert.Equal("paused", await page.InnerTextAsync("#monitor-state"));

        // An item without an action is refused beside the field; then two items are added, reordered and one deleted.
        await page.ClickAsync("text=Add item");
        await page.FillAsync("#name", "Invoices");
        await page.FillAsync("#condition-value-0", "invoice");
        await page.UncheckAsync("#attach-history"); // a new item starts with "attach as history" ticked
        await page.ClickAsync("button:has-text('Save item')");
        Assert.Contains("at least one action", await page.InnerTextAsync("#error-actions"), StringComparison.Ordinal);
        await page.CheckAsync("#attach-history");
        await page.ClickAsync("button:has-text('Save item')");
        await ExpectUrlAsync(page, $"**/monitors/{account.Id}");

        await page.ClickAsync("text=Add item");
        await page.FillAsync("#name", "Complaints");
        await page.SelectOptionAsync("#condition-field-0", "body");
        await page.FillAsync("#condition-value-0", "complaint");
        await page.CheckAsync("#create-record");
        await page.CheckAsync("#attach-history");
        await page.ClickAsync("button:has-text('Save item')");
        await ExpectUrlAsync(page, $"**/monitors/{account.Id}");
        Assert.Equal(["Invoices", "Complaints"], await ItemNamesAsync(page));

        await page.ClickAsync("button[title='Move Complaints up']");
        Assert.Equal(["Complaints", "Invoices"], await ItemNamesAsync(page));
        await BrowserFixture.ScreenshotAsync(page, "monitor-items");

        await page.ClickAsync("button[title='Delete Complaints']");
        Assert.Equal(["Invoices"], await ItemNamesAsync(page));
        var stored = await Monitors.ListItemsAsync(saved.Id, default);
        var invoices = Assert.Single(stored);
        Assert.Contains("\"invoice\"", invoices.Definition, StringComparison.Ordinal);

        await page.FillAsync("#phrase", "out of office");
        await page.ClickAsync("button:has-text('Add skip rule')");
        Assert.Contains("out of office", await page.InnerTextAsync("#skip-rules"), StringComparison.Ordinal);
        Assert.Single(await Monitors.ListSkipRulesAsync(saved.Id, default));

        await page.GotoAsync("/options/accounts");
        Assert.Equal("paused", (await page.Locator("tr", new PageLocatorOptions { HasText = account.Name }).Locator("td.monitor-state a").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task Administrator_sees_status_after_real_checks_and_retries_a_not_handled_message()
    {
        await MailServer.EnsureStartedAsync();
        var desk = await MailServer.CreateUserAsync("webmon");
        var account = await AddAccountAsync("Watch " + Guid.NewGuid().ToString("N")[..8], MailServer.Host, desk.Address, desk.Password);
        var customer = $"customer-{Guid.NewGuid().ToString("N")[..6]}@{MailServer.DefaultDomain}";
        var subject = "Printer jam " + Guid.NewGuid().ToString("N")[..6];
        var request = new MimeMessage();
        request.From.Add(MailboxAddress.Parse(customer));
        request.To.Add(MailboxAddress.Parse(desk.Address));
        request.Subject = subject;
        request.Body = new TextPart("plain") { Text = "The printer jams." };
        await MailServer.DeliverAsync(desk.Address, request);

        // The same customer again, about something an item below claims but cannot file: it only attaches mail to a
        // record that already exists, and there is none, so the message waits in Not handled.
        var orphan = "Orphan " + Guid.NewGuid().ToString("N")[..6];
        var stray = new MimeMessage();
        stray.From.Add(MailboxAddress.Parse(customer));
        stray.To.Add(MailboxAddress.Parse(desk.Address));
        stray.Subject = orphan;
        stray.Body = new TextPart("plain") { Text = "Who handles this?" };
        await MailServer.DeliverAsync(desk.Address, stray);
        await MailServer.WaitForMessagesAsync(desk, 2);

        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        await page.GotoAsync($"/monitors/{account.Id}");
        await page.FillAsync("#interval", "2");
        await page.UncheckAsync("#enabled");
        await page.ClickAsync("button:has-text('Set up monitor')");
        await page.ClickAsync("text=Add item");
        await page.FillAsync("#name", "Orphans");
        await page.FillAsync("#condition-value-0", "Orphan");
        await page.ClickAsync("button:has-text('Save item')"); // "attach as history" alone, as a new item starts
        await ExpectUrlAsync(page, $"**/monitors/{account.Id}");
        await page.CheckAsync("#enabled");
        await page.ClickAsync("button:has-text('Save settings')");
        Assert.Equal("enabled", await page.InnerTextAsync("#monitor-state"));

        // mailroom serve's own monitor worker picks the monitor up and checks the mailbox.
        var monitor = await WaitForAsync(() => Monitors.FindByAccountAsync(account.Id, default), m => m?.FetchedTotal >= 2, "two messages fetched");
        await page.ReloadAsync();
        Assert.NotEqual("never", await page.InnerTextAsync("#last-check"));
        Assert.Equal(1, monitor!.NewRecordsTotal);
        Assert.Equal(1, monitor.NotHandledTotal);
        Assert.Equal("1", (await page.InnerTextAsync("#totals tbody td:nth-child(3)")).Trim()); // new records
        Assert.Equal("1", (await page.InnerTextAsync("#totals tbody td:nth-child(5)")).Trim()); // not handled
        Assert.True(await page.Locator("#mail-per-hour rect.bar-new_record").CountAsync() >= 1);
        Assert.True(await page.Locator("#mail-per-hour rect.bar-not_handled").CountAsync() >= 1);
        await BrowserFixture.ScreenshotAsync(page, "monitor-status");

        await page.ClickAsync("text=Not handled for this account");
        var row = page.Locator("#not-handled tr", new PageLocatorOptions { HasText = orphan });
        Assert.Contains("Item 'Orphans'", await row.Locator("td.reason").InnerTextAsync(), StringComparison.Ordinal);
        var id = long.Parse(await row.GetAttributeAsync("data-id") ?? "", System.Globalization.CultureInfo.InvariantCulture);
        var raw = await page.Context.APIRequest.GetAsync($"/monitors/not-handled?handler=Raw&messageId={id}");
        Assert.Equal(200, raw.Status);
        Assert.Contains("Who handles this?", await raw.TextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "monitor-not-handled");

        var before = await Messages.GetAsync(id, default);
        await row.Locator("button:has-text('Retry')").ClickAsync();
        Assert.Contains("filed again", await page.InnerTextAsync(".flash"), StringComparison.Ordinal);

        // The retried message is filed again from its stored copy on the worker's next check (and, the item being
        // unchanged, set aside again): its filing time moves on.
        var after = await WaitForAsync(() => Messages.GetAsync(id, default), m => m?.Outcome == MessageOutcome.NotHandled && m.FiledAt > before!.FiledAt, "the retried message filed again");
        Assert.Equal(MessageOutcome.NotHandled, after!.Outcome);
    }

    [Fact]
    public async Task Administrator_chooses_a_default_customer_by_address_sees_an_unknown_one_refused_beside_the_field_and_clears_it()
    {
        var account = await AddAccountAsync("Walk " + Guid.NewGuid().ToString("N")[..8], "mail.invalid", null, null);
        var address = $"walk-ins-{Guid.NewGuid().ToString("N")[..8]}@web.test";
        await Services.GetRequiredService<CustomerStore>().GetOrCreateAsync(address, "Walk-ins", CancellationToken.None);
        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        await page.GotoAsync($"/monitors/{account.Id}");
        await page.UncheckAsync("#enabled");

        await page.FillAsync("#default-customer", "nobody-" + address);
        await page.ClickAsync("button:has-text('Set up monitor')");
        Assert.Equal("no customer with the address nobody-" + address, await page.InnerTextAsync("#error-default-customer"));
        Assert.Null(await Monitors.FindByAccountAsync(account.Id, default)); // nothing half-written

        await page.FillAsync("#default-customer", address);
        await page.ClickAsync("button:has-text('Set up monitor')");
        Assert.Contains("Monitor set up", await page.InnerTextAsync(".flash"), StringComparison.Ordinal);
        Assert.Equal(address, await page.InputValueAsync("#default-customer"));
        Assert.Equal(address, (await Monitors.FindByAccountAsync(account.Id, default))!.DefaultCustomerAddress);

        await page.FillAsync("#default-customer", "");
        await page.ClickAsync("button:has-text('Save settings')");
        Assert.Contains("Saved", await page.InnerTextAsync(".flash"), StringComparison.Ordinal);
        Assert.Null((await Monitors.FindByAccountAsync(account.Id, default))!.DefaultCustomerId);
    }

    [Fact]
    public async Task Agent_cannot_open_the_monitor_pages()
    {
        var account = await AddAccountAsync("Hidden " + Guid.NewGuid().ToString("N")[..8], "mail.invalid", null, null);
        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        Assert.Equal(0, await page.Locator("header nav >> text=Monitors").CountAsync());

        foreach (var path in new[] { "/monitors", $"/monitors/{account.Id}", $"/monitors/{account.Id}/items/new", "/monitors/not-handled" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            Assert.Contains("/access-denied", page.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(account.Name, await page.ContentAsync(), StringComparison.Ordinal);
        }
    }

    private MonitorStore Monitors => Services.GetRequiredService<MonitorStore>();

    private MonitorMessageStore Messages => Services.GetRequiredService<MonitorMessageStore>();

    private Task<Account> AddAccountAsync(string name, string host, string? user, string? password) =>
        Services.GetRequiredService<AccountStore>().AddAsync(new Account
        {
            Name = name,
            Type = AccountType.Imap,
            Incoming = new IncomingServer(host, 993, SecurityMode.Ssl),
            Outgoing = new OutgoingServer(host, 587, SecurityMode.StartTls),
            Credentials = new Credentials(user, password is null ? null : new Secret(password)),
            AllowInvalidCertificate = true,
        }, "test", CancellationToken.None);

    private static async Task<IReadOnlyList<string>> ItemNamesAsync(IPage page) =>
        await page.Locator("#items tr.item").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.item)");

    /// <summary>Waits for the page to land on <paramref name="glob"/>; if it does not, says what the page shows instead.</summary>
    private static Task ExpectUrlAsync(IPage page, string glob) => PageWaits.UrlAsync(page, glob);

    private static Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what) =>
        WaitFor.ValueAsync(read, done, Patience, what, TimeSpan.FromMilliseconds(250));
}
