using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Mailroom.Tests.Web;

/// <summary>An administrator works E-mail Options in Chromium; an agent is kept out.</summary>
public sealed class AccountPagesBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Administrator_adds_an_imap_account_sees_problems_beside_fields_and_never_the_password()
    {
        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        var name = "Desk " + Guid.NewGuid().ToString("N")[..8];
        const string secret = "Pw-never-shown-4242";

        await page.ClickAsync("text=E-mail Options");
        await page.ClickAsync("text=Add IMAP");
        await page.FillAsync("#name", name);
        await page.FillAsync("#user", "desk@web.test");
        await page.FillAsync("#password", secret);
        await page.FillAsync("#incoming-port", "70000");
        await page.ClickAsync("button:has-text('Add account')");

        // Nothing stored: the problems stand beside their inputs, and the password was not sent back.
        Assert.Contains("is required", await page.InnerTextAsync("#error-incoming-server"), StringComparison.Ordinal);
        Assert.Contains("65535", await page.InnerTextAsync("#error-incoming-port"), StringComparison.Ordinal);
        Assert.Contains("is required", await page.InnerTextAsync("#error-smtp-server"), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "account-add-problems");

        await page.FillAsync("#password", secret);
        await page.FillAsync("#incoming-server", "127.0.0.1");
        await page.FillAsync("#incoming-port", "");
        await page.FillAsync("#smtp-server", "127.0.0.1");
        await page.ClickAsync("button:has-text('Add account')");
        await PageWaits.UrlAsync(page, "**/info");

        Assert.Equal(name, await page.InputValueAsync("#name"));
        Assert.Equal("", await page.InputValueAsync("#password"));
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "account-information");

        await page.ClickAsync("nav.tabs >> text=Incoming and Outgoing");
        Assert.Equal("127.0.0.1", await page.InputValueAsync("#incoming-server"));
        await BrowserFixture.ScreenshotAsync(page, "account-incoming-outgoing");

        await page.ClickAsync("nav.tabs >> text=From Settings");
        await page.FillAsync("#from-address", "not an address");
        await page.ClickAsync("button:has-text('Add')");
        Assert.NotEqual("", await page.InnerTextAsync("#error-from-address"));
        await page.FillAsync("#from-address", "desk@web.test");
        await page.ClickAsync("button:has-text('Add')");
        await page.SelectOptionAsync("#default-from", "desk@web.test");
        await page.ClickAsync("button:has-text('Save')");
        Assert.Equal("desk@web.test", await page.InputValueAsync("#default-from"));
        await BrowserFixture.ScreenshotAsync(page, "account-from-settings");

        await page.GotoAsync("/options/accounts");
        Assert.Contains(name, await page.InnerTextAsync("table"), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "accounts");
    }

    [Fact]
    public async Task Administrator_copies_and_deletes_an_account()
    {
        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        var name = "Orig " + Guid.NewGuid().ToString("N")[..8];
        await page.GotoAsync("/options/accounts/add/pop3");
        await page.FillAsync("#name", name);
        await page.FillAsync("#incoming-server", "pop.example.com");
        await page.FillAsync("#smtp-server", "smtp.example.com");
        await page.ClickAsync("button:has-text('Add account')");
        await PageWaits.UrlAsync(page, "**/info");

        await page.GotoAsync("/options/accounts");
        var row = page.Locator("tr", new PageLocatorOptions { HasText = name });
        await row.Locator("text=Copy").ClickAsync();
        await page.FillAsync("#name", name + " copy");
        await page.ClickAsync("button:has-text('Copy')");
        await PageWaits.UrlAsync(page, "**/info");
        Assert.Equal(name + " copy", await page.InputValueAsync("#name"));
        await page.ClickAsync("nav.tabs >> text=Incoming and Outgoing");
        Assert.Equal("pop.example.com", await page.InputValueAsync("#incoming-server"));

        await page.GotoAsync("/options/accounts");
        await page.Locator("tr", new PageLocatorOptions { HasText = name + " copy" }).Locator("text=Delete").ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "account-delete");
        await page.CheckAsync("input[name='keep-user-accounts'][value='false']");
        await page.ClickAsync("button.danger");
        await PageWaits.UrlAsync(page, "**/options/accounts");

        var table = await page.InnerTextAsync("table");
        Assert.DoesNotContain(name + " copy", table, StringComparison.Ordinal);
        Assert.Contains(name, table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Administrator_removes_the_stored_smtp_password_with_its_checkbox()
    {
        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        var name = "Smtp " + Guid.NewGuid().ToString("N")[..8];
        await page.GotoAsync("/options/accounts/add/imap");
        await page.FillAsync("#name", name);
        await page.FillAsync("#incoming-server", "imap.example.com");
        await page.FillAsync("#smtp-server", "smtp.example.com");
        await page.ClickAsync("button:has-text('Add account')");
        await PageWaits.UrlAsync(page, "**/info");

        await page.ClickAsync("nav.tabs >> text=Incoming and Outgoing");
        await page.UncheckAsync("input[name='smtp-use-incoming-credentials']");
        await page.FillAsync("#smtp-user", "mailer");
        await page.FillAsync("#smtp-password", "Smtp-pw-never-shown-5151");
        await page.ClickAsync("button:has-text('Save')");
        Assert.Equal("(stored; leave blank to keep it)", await page.GetAttributeAsync("#smtp-password", "placeholder"));

        await page.CheckAsync("input[name='clear-smtp-password']");
        await page.ClickAsync("button:has-text('Save')");

        Assert.Equal("(none stored)", await page.GetAttributeAsync("#smtp-password", "placeholder"));
        Assert.Equal(0, await page.Locator("input[name='clear-smtp-password']").CountAsync());
        Assert.Equal("mailer", await page.InputValueAsync("#smtp-user"));
        var stored = await fixture.Server.Services.GetRequiredService<Mailroom.Data.Accounts.AccountStore>().GetAsync(name, CancellationToken.None);
        Assert.Null(stored.Outgoing?.Credentials?.Password);
        Assert.Equal("mailer", stored.Outgoing?.Credentials?.User);
    }

    [Fact]
    public async Task Agent_cannot_open_email_options()
    {
        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        Assert.Equal(0, await page.Locator("text=E-mail Options").CountAsync());

        var response = await page.GotoAsync("/options/accounts");

        Assert.Equal(403, response!.Status);
        Assert.Contains("/access-denied", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("text=Add IMAP").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "agent-access-denied");
    }
}
