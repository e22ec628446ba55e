using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Mailroom.Data.Users;
using Mailroom.Testing;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Mailroom.Tests.Web;

/// <summary>Personal settings in Chromium: an agent's own credentials where the padlock is open, Test Account mailing them.</summary>
public sealed class PersonalSettingsBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private AccountStore Accounts => fixture.Server.Services.GetRequiredService<AccountStore>();

    [Fact]
    public async Task Agent_sets_own_credentials_on_an_unlocked_account_and_test_account_mails_the_agent()
    {
        await MailServer.EnsureStartedAsync();
        var agent = await MailServer.CreateUserAsync("webagent");
        await fixture.Server.Services.GetRequiredService<UserDirectory>()
            .AddAsync(agent.Address, "Pat Agent", UserRole.Agent, agent.Password, CancellationToken.None);

        // The administrator leaves the credentials blank and their padlock open: each agent enters their own.
        var account = await AddAccountAsync("Team " + Guid.NewGuid().ToString("N")[..8], availableToUsers: true, new Padlocks(ServerSettingsLocked: true, CredentialsLocked: false), MailServer.Host);
        var page = await fixture.SignInAsync(agent.Address, agent.Password);

        await page.ClickAsync("header nav >> text=Personal settings");
        await page.ClickAsync($"#personal-accounts >> text={account.Name}");
        Assert.Contains("server settings are locked", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#incoming-server").CountAsync());
        await page.FillAsync("#user", agent.Address);
        await page.FillAsync("#password", agent.Password);
        await page.ClickAsync("button:has-text('Save')");
        Assert.Contains("saved", await page.InnerTextAsync(".flash"), StringComparison.Ordinal);
        Assert.Equal(agent.Address, await page.InputValueAsync("#user"));
        Assert.Equal("", await page.InputValueAsync("#password"));
        Assert.DoesNotContain(agent.Password, await page.ContentAsync(), StringComparison.Ordinal);

        // Saving again with the password left blank keeps the stored one.
        await page.ClickAsync("button:has-text('Save')");
        var version = Assert.Single(await Accounts.ListPersonalVersionsAsync(account.Id, CancellationToken.None));
        Assert.Equal(agent.Address, version.UserAddress, ignoreCase: true);
        Assert.Equal(agent.Address, version.Credentials?.User);
        Assert.Equal(agent.Password, version.Credentials?.Password?.Reveal());
        Assert.Null(version.Incoming); // the locked server settings are not the agent's to copy
        Assert.Null((await Accounts.GetAsync(account.Id, CancellationToken.None)).Credentials.User); // the global account is untouched

        await page.ClickAsync("button:has-text('Test Account')");
        var report = await page.InnerTextAsync("#test-report");
        await BrowserFixture.ScreenshotAsync(page, "personal-settings-test");
        Assert.Contains("passed", report, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#test-report li.fail").CountAsync());
        Assert.DoesNotContain(agent.Password, await page.ContentAsync(), StringComparison.Ordinal);

        var inbox = await MailServer.WaitForMessagesAsync(agent, 1, timeout: TimeSpan.FromSeconds(60));
        Assert.Contains(inbox, m => m.To.Mailboxes.Any(a => string.Equals(a.Address, agent.Address, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Agent_is_refused_another_users_account_and_accounts_whose_padlocks_are_closed()
    {
        var other = $"other-{Guid.NewGuid().ToString("N")[..6]}@web.test";
        var shared = await AddAccountAsync("Gone " + Guid.NewGuid().ToString("N")[..8], availableToUsers: true, Padlocks.Default, "mail.invalid");
        await Accounts.SavePersonalVersionAsync(new PersonalAccountVersion(shared.Id, other, new Credentials(other, new Secret("Other-pass-1"))), "test", CancellationToken.None);
        await Accounts.DeleteAsync(shared.Name, keepUserAccounts: true, "test", CancellationToken.None);
        var theirs = Assert.Single(await Accounts.ListPersonalAccountsAsync(other, CancellationToken.None));
        var locked = await AddAccountAsync("Locked " + Guid.NewGuid().ToString("N")[..8], availableToUsers: true, new Padlocks(true, true), "mail.invalid", new Credentials("desk@web.test", new Secret("Locked-pass-1")));
        var hidden = await AddAccountAsync("Hidden " + Guid.NewGuid().ToString("N")[..8], availableToUsers: false, Padlocks.Default, "mail.invalid");
        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);

        await page.GotoAsync("/personal");
        var list = await page.InnerTextAsync("main");
        Assert.DoesNotContain(locked.Name, list, StringComparison.Ordinal);
        Assert.DoesNotContain(hidden.Name, list, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Name, list, StringComparison.Ordinal);

        foreach (var account in new[] { theirs, locked, hidden })
        {
            var response = await page.GotoAsync($"/personal/{account.Id}");
            Assert.Equal(403, response!.Status);
            Assert.DoesNotContain(account.Name, await page.ContentAsync(), StringComparison.Ordinal);
        }

        // A post with a valid antiforgery token (from the page of an account the agent may change) is refused just the same.
        var open = await AddAccountAsync("Open " + Guid.NewGuid().ToString("N")[..8], availableToUsers: true, Padlocks.Default, "mail.invalid");
        Assert.Equal(200, (await page.GotoAsync($"/personal/{open.Id}"))!.Status);
        var token = await page.Locator("input[name='__RequestVerificationToken']").First.GetAttributeAsync("value");
        var post = await page.Context.APIRequest.PostAsync($"/personal/{theirs.Id}?handler=Save", new APIRequestContextOptions
        {
            Form = page.Context.APIRequest.CreateFormData().Set("user", "me@web.test").Set("password", "Taken-over-1").Set("__RequestVerificationToken", token!),
            MaxRedirects = 0,
        });
        Assert.True(
            post.Status == 403 || (post.Status == 302 && post.Headers["location"].Contains("access-denied", StringComparison.Ordinal)),
            $"a post to another user's account answered {post.Status}");
        Assert.Equal("Other-pass-1", (await Accounts.GetAsync(theirs.Id, CancellationToken.None)).Credentials.Password?.Reveal());
    }

    private Task<Account> AddAccountAsync(string name, bool availableToUsers, Padlocks padlocks, string host, Credentials? credentials = null) =>
        Accounts.AddAsync(new Account
        {
            Name = name,
            Type = AccountType.Imap,
            AvailableToUsers = availableToUsers,
            Padlocks = padlocks,
            Incoming = new IncomingServer(host, 993, SecurityMode.Ssl),
            Outgoing = new OutgoingServer(host, 587, SecurityMode.StartTls),
            Credentials = credentials ?? Credentials.Empty,
            AllowInvalidCertificate = true,
        }, "test", CancellationToken.None);
}
