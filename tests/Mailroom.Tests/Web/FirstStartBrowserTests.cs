using Mailroom.Data.Users;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary>
/// A fresh installation without users: serve's one-time set-up link creates the first administrator in Chromium,
/// who lands signed in with the administrator's pages, and the link is spent.
/// </summary>
public sealed class FirstStartBrowserTests : IAsyncLifetime
{
    private readonly BrowserFixture _fixture = new(new MailroomServer(withUsers: false));

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task The_set_up_link_creates_the_first_administrator_once()
    {
        var setup = _fixture.Server.Services.GetRequiredService<FirstAdministratorSetup>();
        var link = await setup.OfferAsync([_fixture.Server.BaseAddress.ToString()], CancellationToken.None);
        Assert.NotNull(link);
        Assert.StartsWith(_fixture.Server.BaseAddress + "setup?token=", link, StringComparison.Ordinal);

        var stranger = await _fixture.NewPageAsync();
        await stranger.GotoAsync("/setup?token=guessed-" + Guid.NewGuid().ToString("N"));
        Assert.Contains("not valid", await stranger.InnerTextAsync("#setup-invalid"), StringComparison.Ordinal);
        Assert.Equal(0, await stranger.Locator("input[name='Input.Password']").CountAsync());

        var page = await _fixture.NewPageAsync();
        await page.GotoAsync(link);
        await page.FillAsync("input[name='Input.Address']", "first@desk.test");
        await page.FillAsync("input[name='Input.DisplayName']", "Fiona First");
        await page.FillAsync("input[name='Input.Password']", "First-admin-pass1");
        await page.FillAsync("input[name='Input.ConfirmPassword']", "Not-the-same-pass1");
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("differ", await page.InnerTextAsync("[data-valmsg-for='Input.ConfirmPassword']"), StringComparison.Ordinal);

        await page.FillAsync("input[name='Input.Password']", "First-admin-pass1");
        await page.FillAsync("input[name='Input.ConfirmPassword']", "First-admin-pass1");
        await page.ClickAsync("button[type=submit]");
        await PageWaits.UrlAsync(page, url => !url.Contains("/setup", StringComparison.Ordinal), "a page past first start");
        Assert.Equal("Welcome, Fiona First", (await page.InnerTextAsync("h1")).Trim());
        Assert.Equal("first@desk.test", (await page.InnerTextAsync("header.top .who")).Trim());
        Assert.True(await page.Locator("header.top >> text=E-mail Options").IsVisibleAsync());
        await BrowserFixture.ScreenshotAsync(page, "first-start-done");

        var user = await _fixture.Server.Services.GetRequiredService<UserStore>().FindByAddressAsync("first@desk.test", CancellationToken.None);
        Assert.Equal(UserRole.Administrator, user!.Role);

        // Spent: the same link opens no form, and a new start offers none now that an administrator exists.
        var again = await _fixture.NewPageAsync();
        await again.GotoAsync(link);
        Assert.Contains("not valid", await again.InnerTextAsync("#setup-invalid"), StringComparison.Ordinal);
        Assert.Null(await setup.OfferAsync([_fixture.Server.BaseAddress.ToString()], CancellationToken.None));
    }
}
