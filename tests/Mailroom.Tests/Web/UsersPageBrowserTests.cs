using Mailroom.Data.Users;
using Mailroom.Users;
using Mailroom.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary>
/// An administrator manages users on the Users page in Chromium: adds one, disables them (their open session ends at
/// once), resets a password (they choose a new one at sign-in), and deletes them (their journal entries keep their name).
/// </summary>
public sealed class UsersPageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private MailroomServer Server => fixture.Server;

    [Fact]
    public async Task Added_then_disabled_the_users_open_session_ends_at_once_and_enabled_they_sign_in_again()
    {
        var address = $"dan-{Guid.NewGuid().ToString("N")[..8]}@web.test";
        var admin = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        await admin.ClickAsync("header.top >> text=Users");
        await admin.FillAsync("#add-address", address);
        await admin.FillAsync("#add-name", "Dan Desk");
        await admin.SelectOptionAsync("#add-role", "agent");
        await admin.FillAsync("#add-password", "Dan-pass-1234");
        await admin.ClickAsync("#add-user-button");
        Assert.Equal($"Added agent {address}.", (await admin.InnerTextAsync("#users-message")).Trim());

        var dan = await fixture.SignInAsync(address, "Dan-pass-1234");
        await dan.GotoAsync("/records");
        Assert.Contains("/records", dan.Url, StringComparison.Ordinal);

        var row = admin.Locator($"tr[data-user='{address}']");
        await row.Locator("button:has-text('Disable')").ClickAsync();
        Assert.Equal("disabled", (await admin.Locator($"tr[data-user='{address}'] td.state .badge").First.InnerTextAsync()).Trim());
        await BrowserFixture.ScreenshotAsync(admin, "users-page");

        // Dan's next request, in his own browser, finds him signed out; and he cannot sign in again.
        await dan.GotoAsync("/records");
        Assert.Contains("/login", dan.Url, StringComparison.Ordinal);
        await dan.FillAsync("input[name='Input.Address']", address);
        await dan.FillAsync("input[name='Input.Password']", "Dan-pass-1234");
        await dan.ClickAsync("button[type=submit]");
        Assert.Contains("This user is disabled", await dan.InnerTextAsync("main"), StringComparison.Ordinal);

        await admin.Locator($"tr[data-user='{address}']").Locator("button:has-text('Enable')").ClickAsync();
        await fixture.SignInAsync(address, "Dan-pass-1234");
    }

    [Fact]
    public async Task A_reset_password_must_be_replaced_at_the_next_sign_in()
    {
        var address = $"eve-{Guid.NewGuid().ToString("N")[..8]}@web.test";
        await Server.Services.GetRequiredService<UserDirectory>().AddAsync(address, "Eve", UserRole.Agent, "Eve-old-pass-1", CancellationToken.None);
        var admin = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        await admin.GotoAsync("/options/users");
        var row = admin.Locator($"tr[data-user='{address}']");
        await row.Locator("input[name=password]").FillAsync("Temporary-123");
        await row.Locator("button:has-text('Reset password')").ClickAsync();
        Assert.Contains("must choose a new password", await admin.Locator($"tr[data-user='{address}'] td.state").InnerTextAsync(), StringComparison.Ordinal);

        var eve = await fixture.NewPageAsync();
        await eve.GotoAsync("/login");
        await eve.FillAsync("input[name='Input.Address']", address);
        await eve.FillAsync("input[name='Input.Password']", "Temporary-123");
        await eve.ClickAsync("button[type=submit]");
        Assert.Contains("Your password was reset", await eve.InnerTextAsync("#choose-password"), StringComparison.Ordinal);
        Assert.Contains("/login", eve.Url, StringComparison.Ordinal);

        await eve.FillAsync("input[name='Input.Password']", "Temporary-123");
        await eve.FillAsync("input[name='Input.NewPassword']", "Eve-own-pass-2");
        await eve.FillAsync("input[name='Input.ConfirmNewPassword']", "Eve-own-pass-2");
        await eve.ClickAsync("button[type=submit]");
        await PageWaits.UrlAsync(eve, url => !url.Contains("/login", StringComparison.Ordinal), "a page past sign-in");
        Assert.Equal(address, (await eve.InnerTextAsync("header.top .who")).Trim());

        // The temporary password is spent; the one Eve chose works.
        var check = await Server.Services.GetRequiredService<UserDirectory>().CheckPasswordAsync(address, "Temporary-123", CancellationToken.None);
        Assert.Equal(SignInOutcome.Failed, check.Outcome);
        await fixture.SignInAsync(address, "Eve-own-pass-2");
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_demoted_and_a_deleted_users_notes_keep_their_name()
    {
        var admin = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        await admin.GotoAsync("/options/users");
        await admin.Locator($"tr[data-user='{MailroomServer.AdminAddress}']").Locator("button:has-text('Make agent')").ClickAsync();
        Assert.Contains("is the last active administrator", await admin.InnerTextAsync("#users-problem"), StringComparison.Ordinal);
        Assert.Equal("administrator", (await admin.Locator($"tr[data-user='{MailroomServer.AdminAddress}'] td.role").InnerTextAsync()).Trim());

        var address = $"fin-{Guid.NewGuid().ToString("N")[..8]}@web.test";
        await Server.Services.GetRequiredService<UserDirectory>().AddAsync(address, "Fin Leaver", UserRole.Agent, "Fin-pass-1234", CancellationToken.None);
        var record = await RecordSeed.RecordAsync(Server, "Leaver " + Guid.NewGuid().ToString("N")[..8]);
        var workflow = Server.Services.GetRequiredService<RecordWorkflow>();
        await workflow.AssignAsync(record.Id, address, RecordWorkflow.Author("Fin Leaver", address), CancellationToken.None);
        await workflow.AddNoteAsync(record.Id, "Handing over before I leave.", RecordWorkflow.Author("Fin Leaver", address), CancellationToken.None);

        await admin.GotoAsync("/options/users");
        await admin.Locator($"tr[data-user='{address}']").Locator("button:has-text('Delete')").ClickAsync();
        Assert.Contains($"{address} is deleted", await admin.InnerTextAsync("#users-message"), StringComparison.Ordinal);
        Assert.Equal(0, await admin.Locator($"tr[data-user='{address}']").CountAsync());

        await admin.GotoAsync($"/records/{record.Number}");
        Assert.Equal($"by Fin Leaver <{address}>", (await admin.Locator("article.note").Last.Locator(".author").InnerTextAsync()).Trim());
        Assert.Equal("nobody", (await admin.InnerTextAsync("#record-assignee")).Trim());
    }
}
