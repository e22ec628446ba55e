using System.Text.RegularExpressions;
using Mailroom.Testing;
using Microsoft.Playwright;

namespace Mailroom.Tests.Web;

/// <summary>
/// Waiting for a page to arrive somewhere without Playwright's client-side navigation waits. <c>WaitForURLAsync</c>
/// (and <c>WaitForLoadStateAsync</c>) in Playwright for .NET check the frame's load states and then subscribe to the
/// next change, on a thread other than the one that delivers the browser's events: when the <c>load</c> event
/// arrives between the check and the subscription it is lost, and the wait runs to its timeout on a page that has
/// long shown what was asked for (microsoft/playwright-dotnet#3364). That is how a fresh-clone CI run saw sign-in
/// "not reach its load state within 120 s" with "Welcome" on the screen: a loaded machine widens the window. A longer
/// timeout changes nothing; these waits poll the page's URL instead (no event to lose) and then let the browser
/// itself wait until the new document is parsed.
/// </summary>
internal static class PageWaits
{
    /// <summary>As Playwright's own default timeout in these tests (<see cref="BrowserFixture.SignInAsync"/>): generous for a loaded machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Waits until the page's URL matches a Playwright glob (<c>**</c> any text, <c>*</c> any text without <c>/</c>).</summary>
    public static Task UrlAsync(IPage page, string glob) => UrlAsync(page, Glob(glob).IsMatch, glob);

    /// <summary>Waits until <paramref name="matches"/> holds for the page's URL and the new document is parsed.</summary>
    /// <exception cref="TimeoutException">It never did: the message names <paramref name="what"/>, the URL and what the page shows.</exception>
    public static async Task UrlAsync(IPage page, Func<string, bool> matches, string what)
    {
        try
        {
            await WaitFor.ConditionAsync(() => matches(page.Url), Patience, $"the page reaching {what}", TimeSpan.FromMilliseconds(50));
        }
        catch (TimeoutException e)
        {
            await BrowserFixture.ScreenshotAsync(page, "unexpected-page");
            var shown = await page.Locator("body").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 });
            throw new TimeoutException($"{e.Message} It is at {page.Url} and shows: {shown}", e);
        }

        // Evaluated by the browser, polling until true: nothing to subscribe to, so nothing to miss.
        await page.WaitForFunctionAsync("() => document.readyState !== 'loading'", null,
            new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });
    }

    private static Regex Glob(string glob) =>
        new("^" + string.Concat(Regex.Split(glob, @"(\*\*|\*)").Select(part => part switch
        {
            "**" => ".*",
            "*" => "[^/]*",
            _ => Regex.Escape(part),
        })) + "$", RegexOptions.CultureInvariant);
}
