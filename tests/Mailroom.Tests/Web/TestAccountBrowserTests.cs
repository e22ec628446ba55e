using Mailroom.Data.Users;
using Mailroom.Testing;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary>Test Account from the pages, against the real Dovecot and Postfix: every step shown, the test e-mail arrives.</summary>
public sealed class TestAccountBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Administrator_tests_an_imap_account_and_the_test_email_arrives()
    {
        await MailServer.EnsureStartedAsync();
        var mailbox = await MailServer.CreateUserAsync("webtest");
        await fixture.Server.Services.GetRequiredService<UserDirectory>()
            .AddAsync(mailbox.Address, "Tess Admin", UserRole.Administrator, mailbox.Password, CancellationToken.None);
        var page = await fixture.SignInAsync(mailbox.Address, mailbox.Password);

        await page.GotoAsync("/options/accounts/add/imap");
        await page.FillAsync("#name", "Live " + Guid.NewGuid().ToString("N")[..8]);
        await page.FillAsync("#user", mailbox.Address);
        await page.FillAsync("#password", mailbox.Password);
        await page.FillAsync("#incoming-server", MailServer.Host);
        await page.SelectOptionAsync("#incoming-security", "starttls");
        await page.FillAsync("#smtp-server", MailServer.Host);
        await page.SelectOptionAsync("#smtp-security", "starttls");
        await page.CheckAsync("input[name='allow-invalid-certificate']");
        await page.ClickAsync("button:has-text('Add account')");
        await PageWaits.UrlAsync(page, "**/info");

        await page.ClickAsync("button:has-text('Test Account')");
        var report = await page.InnerTextAsync("#test-report");
        await BrowserFixture.ScreenshotAsync(page, "test-account");

        Assert.Contains("passed", report, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#test-report li.fail").CountAsync());
        Assert.True(await page.Locator("#test-report li.pass").CountAsync() >= 2);
        Assert.DoesNotContain(mailbox.Password, await page.ContentAsync(), StringComparison.Ordinal);

        // Delivery through Postfix and LMTP is asynchronous: poll the mailbox (for minutes at most) rather than wait a fixed time.
        Assert.NotEmpty(await MailServer.WaitForMessagesAsync(mailbox));
    }
}
