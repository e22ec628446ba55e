using Mailroom.Testing;
using Microsoft.Playwright;

namespace Mailroom.Tests.Web;

/// <summary>
/// Debian's Chromium driven by Playwright (never Playwright's own browser downloads), plus a real web host. Pages it
/// opens are saved as screenshots under TestResults/screenshots at the repository root.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public BrowserFixture()
        : this(new MailroomServer())
    {
    }

    /// <summary>Around another server (one without users, say). Internal, so xunit sees one public constructor.</summary>
    internal BrowserFixture(MailroomServer server) => Server = server;

    public MailroomServer Server { get; }

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory => Path.Combine(RepoPaths.Root, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies), signed in as nobody.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseAddress.ToString() });

        // Playwright's 30 s default is not enough when several helpers' builds and browsers share two cores (load
        // averages of 30 were seen): waits are generous so a slow machine never fails a test that is right.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        return await context.NewPageAsync();
    }

    /// <summary>A fresh browser context (its own cookies) signed in through the sign-in page.</summary>
    public async Task<IPage> SignInAsync(string address, string password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("input[name='Input.Address']", address);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("button[type=submit]");

        // What a user sees: their name in the header once signed in, or the sign-in page's refusal. A locator wait
        // is the browser's own polling; Playwright's URL and load-state waits can lose the event they wait for
        // (see PageWaits).
        var signedIn = page.Locator("header .who");
        var refused = page.Locator("main .error li, main .field-error:not(:empty)");
        await signedIn.Or(refused).First.WaitForAsync();
        if (!await signedIn.IsVisibleAsync())
        {
            var shown = await page.Locator("main").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 });
            throw new InvalidOperationException($"Signing in as {address} was refused; the sign-in page shows: {shown}");
        }

        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
}
