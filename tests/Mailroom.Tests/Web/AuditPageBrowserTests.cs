using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Mailroom.Tests.Web;

/// <summary>The audit log page in Chromium: what administrators changed, by field name only, filtered and paged.</summary>
public sealed class AuditPageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private AccountStore Accounts => fixture.Server.Services.GetRequiredService<AccountStore>();

    [Fact]
    public async Task Administrator_changes_a_password_and_a_server_and_the_audit_page_names_both_fields_never_the_password()
    {
        const string secret = "Audit-pw-never-shown-8181";
        var account = await AddAccountAsync("Audited " + Guid.NewGuid().ToString("N")[..8]);
        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);

        await page.GotoAsync($"/options/accounts/{account.Id}/info");
        await page.FillAsync("#password", secret);
        await page.ClickAsync("button:has-text('Save')");
        await page.WaitForSelectorAsync(".flash:has-text('Saved')");
        await page.ClickAsync("nav.tabs >> text=Incoming and Outgoing");
        await page.FillAsync("#incoming-server", "imap2.example.test");
        await page.ClickAsync("button:has-text('Save')");
        await page.WaitForSelectorAsync(".flash:has-text('Saved')");

        await page.ClickAsync("header nav >> text=Audit log");
        await PageWaits.UrlAsync(page, url => url.EndsWith("/options/audit", StringComparison.Ordinal), "the audit log page");
        var rows = page.Locator("#audit tbody tr", new PageLocatorOptions { HasText = account.Name });
        Assert.Equal(3, await rows.CountAsync());

        // Newest first: the server change, the password change, then the test's own add.
        var server = await rows.Nth(0).Locator("td").AllInnerTextsAsync();
        Assert.Equal([MailroomServer.AdminAddress, "account.changed", account.Name, "incoming-server"], server.Skip(1));
        var password = await rows.Nth(1).Locator("td").AllInnerTextsAsync();
        Assert.Equal([MailroomServer.AdminAddress, "account.changed", account.Name, "password"], password.Skip(1));
        Assert.Equal("account.added", (await rows.Nth(2).Locator("td").AllInnerTextsAsync())[2]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", server[0]);
        await BrowserFixture.ScreenshotAsync(page, "audit-log");

        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(secret, (await Accounts.GetAsync(account.Id, CancellationToken.None)).Credentials.Password?.Reveal());
    }

    [Fact]
    public async Task The_account_filter_shows_only_that_accounts_entries_and_pages_through_them()
    {
        var mine = await AddAccountAsync("Paged " + Guid.NewGuid().ToString("N")[..8]);
        var other = await AddAccountAsync("Other " + Guid.NewGuid().ToString("N")[..8]);
        for (var i = 0; i < 29; i++)
        {
            mine = await Accounts.UpdateAsync(mine with { Incoming = mine.Incoming! with { Port = 1000 + i } }, "test:pager", CancellationToken.None);
        }

        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        await page.GotoAsync("/options/audit");
        await page.FillAsync("#account", mine.Name.ToUpperInvariant());
        await page.ClickAsync("#audit-filters button:has-text('Show')");
        await PageWaits.UrlAsync(page, url => url.Contains("account=", StringComparison.Ordinal), "a URL with account=");

        // 30 entries (the add and 29 changes) in pages of 25, newest first.
        var accountsShown = await page.Locator("#audit tbody tr td:nth-child(4)").AllInnerTextsAsync();
        Assert.Equal(25, accountsShown.Count);
        Assert.All(accountsShown, name => Assert.Equal(mine.Name, name));
        Assert.DoesNotContain(other.Name, await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal("Entries 1–25, newest first", await page.InnerTextAsync("#entry-count"));
        Assert.Equal(0, await page.Locator("a[rel=prev]").CountAsync());

        await page.ClickAsync("a[rel=next]");
        await PageWaits.UrlAsync(page, url => url.EndsWith("p=2", StringComparison.Ordinal), "a URL ending in p=2");
        var actions = await page.Locator("#audit tbody tr td:nth-child(3)").AllInnerTextsAsync();
        Assert.Equal(5, actions.Count);
        Assert.Equal("account.added", actions[^1]);
        Assert.Equal(0, await page.Locator("a[rel=next]").CountAsync());
        Assert.Equal(mine.Name.ToUpperInvariant(), await page.InputValueAsync("#account"));

        await page.ClickAsync("a[rel=prev]");
        await PageWaits.UrlAsync(page, url => url.EndsWith("p=1", StringComparison.Ordinal), "a URL ending in p=1");
        Assert.Equal(25, await page.Locator("#audit tbody tr").CountAsync());

        // A larger page holds them all; a date after today matches nothing.
        await page.SelectOptionAsync("#size", "50");
        await page.ClickAsync("#audit-filters button:has-text('Show')");
        await PageWaits.UrlAsync(page, url => url.Contains("size=50", StringComparison.Ordinal), "a URL with size=50");
        Assert.Equal(30, await page.Locator("#audit tbody tr").CountAsync());
        await page.FillAsync("#since", DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#audit-filters button:has-text('Show')");
        await PageWaits.UrlAsync(page, url => url.Contains("since=2", StringComparison.Ordinal), "a URL with since=2");
        Assert.Equal("No entry matches.", await page.InnerTextAsync("#no-entries"));
    }

    [Fact]
    public async Task Bad_filters_are_named_beside_their_inputs_not_an_error_page()
    {
        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);

        var response = await page.GotoAsync("/options/audit?since=yesterday&account=no-such-" + Guid.NewGuid().ToString("N")[..8] + "&size=7");

        Assert.Equal(200, response!.Status);
        Assert.StartsWith("Since: 'yesterday' is not an ISO 8601 date", await page.InnerTextAsync("#error-since"), StringComparison.Ordinal);
        Assert.StartsWith("Account: no account, and no audit entry, is named 'no-such-", await page.InnerTextAsync("#error-account"), StringComparison.Ordinal);
        Assert.StartsWith("Per page: '7' is not one of the page sizes", await page.InnerTextAsync("#error-size"), StringComparison.Ordinal);
        Assert.Equal("yesterday", await page.InputValueAsync("#since"));
        Assert.Contains("input-invalid", await page.GetAttributeAsync("#since", "class") ?? "", StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#audit").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "audit-bad-filters");
    }

    [Fact]
    public async Task An_agent_is_refused_the_audit_page()
    {
        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        Assert.Equal(0, await page.Locator("header nav >> text=Audit log").CountAsync());

        var response = await page.GotoAsync("/options/audit");

        Assert.Equal(403, response!.Status);
        Assert.Contains("/access-denied", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#audit").CountAsync());
    }

    private Task<Account> AddAccountAsync(string name) =>
        Accounts.AddAsync(new Account
        {
            Name = name,
            Type = AccountType.Imap,
            Incoming = new IncomingServer("imap.example.test", 993, SecurityMode.Ssl),
            Outgoing = new OutgoingServer("smtp.example.test", 587, SecurityMode.StartTls),
            Credentials = new Credentials("desk@web.test", new Secret("Audit-seed-1")),
        }, "test", CancellationToken.None);
}
