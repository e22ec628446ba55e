using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Mailroom.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Mailroom.Tests.Web;

/// <summary>
/// An administrator defines OAuth 2.0 sign-in and a Microsoft 365 (Graph) account in E-mail Options in Chromium:
/// refused fields are named beside their inputs, what was saved is what the store holds, and no secret is shown back.
/// </summary>
public sealed class AccountSignInPagesBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private AccountStore Store => fixture.Server.Services.GetRequiredService<AccountStore>();

    [Fact]
    public async Task Administrator_adds_a_graph_account_with_a_secret_then_a_certificate_and_never_sees_either()
    {
        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        var name = "M365 " + Guid.NewGuid().ToString("N")[..8];
        const string secret = "Graph-page-secret-5512";

        await page.GotoAsync("/options/accounts");
        await page.ClickAsync("text=Add Microsoft 365 (Graph)");
        await page.FillAsync("#name", name);
        await page.FillAsync("#tenant", "common");
        await page.FillAsync("#client-secret", secret);
        await page.FillAsync("#mailbox", "desk");
        await page.FillAsync("#graph-url", "http://graph.example.test");
        await page.ClickAsync("button:has-text('Add account')");

        // Nothing stored; each problem stands beside its input, and the secret did not come back.
        Assert.Contains("is required", await page.InnerTextAsync("#error-client-id"), StringComparison.Ordinal);
        Assert.Contains("one directory", await page.InnerTextAsync("#error-tenant"), StringComparison.Ordinal);
        Assert.Contains("e-mail address", await page.InnerTextAsync("#error-mailbox"), StringComparison.Ordinal);
        Assert.Contains("https", await page.InnerTextAsync("#error-graph-url"), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Null(await Store.FindAsync(name, CancellationToken.None));
        await BrowserFixture.ScreenshotAsync(page, "account-graph-add-problems");

        await page.FillAsync("#tenant", "contoso.onmicrosoft.com");
        await page.FillAsync("#client-id", "11111111-2222-3333-4444-555555555555");
        await page.FillAsync("#client-secret", secret);
        await page.FillAsync("#mailbox", "desk@contoso.test");
        await page.FillAsync("#graph-url", "");
        await page.ClickAsync("button:has-text('Add account')");
        await page.WaitForSelectorAsync("#oauth-sign-in");

        var stored = await Store.GetAsync(name, CancellationToken.None);
        Assert.Equal(AccountType.Graph, stored.Type);
        Assert.Equal(new GraphMailboxSettings("desk@contoso.test"), stored.Graph);
        Assert.Equal(OAuthFlow.ClientCredentials, stored.OAuth!.Flow);
        Assert.Equal("contoso.onmicrosoft.com", stored.OAuth.Tenant);
        Assert.Equal(secret, stored.OAuth.ClientSecret!.Reveal());
        Assert.Equal("", await page.InputValueAsync("#client-secret"));
        Assert.Contains("(set", await page.GetAttributeAsync("#client-secret", "placeholder"), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Contains("nobody needs to sign in", await page.InnerTextAsync("#oauth-sign-in"), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "account-graph-information");

        // A certificate uploaded later replaces the secret; a blank secret field keeps nothing it should not.
        var pfx = ClientCertificates.CreatePfx();
        await page.SetInputFilesAsync("#client-certificate", new FilePayload { Name = "desk.pfx", MimeType = "application/x-pkcs12", Buffer = pfx });
        await page.ClickAsync("button:has-text('Save')");
        await page.WaitForSelectorAsync("text=Saved.");
        var withCertificate = await Store.GetAsync(name, CancellationToken.None);
        Assert.Null(withCertificate.OAuth!.ClientSecret);
        Assert.Equal(Convert.ToBase64String(pfx), withCertificate.OAuth.ClientCertificate!.Reveal());

        await page.ClickAsync("nav.tabs >> text=Microsoft 365 mailbox");
        Assert.Equal("desk@contoso.test", await page.InputValueAsync("#mailbox"));
        await page.FillAsync("#mailbox", "shared@contoso.test");
        await page.ClickAsync("button:has-text('Save')");
        await page.WaitForSelectorAsync("text=Saved.");
        Assert.Equal("shared@contoso.test", (await Store.GetAsync(name, CancellationToken.None)).Graph!.Mailbox);
        await BrowserFixture.ScreenshotAsync(page, "account-graph-mailbox");
    }

    [Fact]
    public async Task Administrator_switches_an_imap_account_to_oauth_with_a_custom_provider_and_back()
    {
        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        var name = "OAuth IMAP " + Guid.NewGuid().ToString("N")[..8];

        await page.GotoAsync("/options/accounts/add/imap");
        await page.FillAsync("#name", name);
        await page.FillAsync("#user", "desk@web.test");
        await page.FillAsync("#incoming-server", "127.0.0.1");
        await page.FillAsync("#smtp-server", "127.0.0.1");

        // The provider's fields show only once OAuth 2.0 is chosen, and the password field goes away.
        Assert.False(await page.IsVisibleAsync("#client-id"));
        await page.CheckAsync("#auth-oauth2");
        Assert.True(await page.IsVisibleAsync("#client-id"));
        Assert.False(await page.IsVisibleAsync("#password"));
        await page.SelectOptionAsync("#oauth-provider", "custom");
        Assert.False(await page.IsVisibleAsync("#tenant"));
        await page.FillAsync("#client-id", "mailroom-desk");
        await page.FillAsync("#token-url", "http://id.example.test/token");
        await page.ClickAsync("button:has-text('Add account')");

        Assert.Contains("loopback", await page.InnerTextAsync("#error-token-url"), StringComparison.Ordinal);
        Assert.Contains("is required", await page.InnerTextAsync("#error-authorize-url"), StringComparison.Ordinal);
        Assert.Contains("at least one", await page.InnerTextAsync("#error-scope"), StringComparison.Ordinal);
        Assert.True(await page.IsCheckedAsync("#auth-oauth2"));
        Assert.Equal("custom", await page.InputValueAsync("#oauth-provider"));
        await BrowserFixture.ScreenshotAsync(page, "account-oauth-add-problems");

        await page.FillAsync("#token-url", "http://127.0.0.1:5099/token");
        await page.FillAsync("#authorize-url", "http://127.0.0.1:5099/authorize");
        await page.FillAsync("#scope", "offline_access mail");
        await page.ClickAsync("button:has-text('Add account')");
        await PageWaits.UrlAsync(page, "**/info");

        var stored = await Store.GetAsync(name, CancellationToken.None);
        Assert.Equal(
            new OAuthSettings(OAuthProvider.Custom, "mailroom-desk", OAuthFlow.AuthorizationCode)
            {
                TokenUrl = "http://127.0.0.1:5099/token",
                AuthorizeUrl = "http://127.0.0.1:5099/authorize",
                Scopes = ["offline_access", "mail"],
            },
            stored.OAuth);
        Assert.Equal("desk@web.test", stored.Credentials.User);
        Assert.True(await page.IsCheckedAsync("#auth-oauth2"));
        Assert.True(await page.IsVisibleAsync("#oauth-sign-in"));
        await BrowserFixture.ScreenshotAsync(page, "account-oauth-information");

        await page.CheckAsync("#auth-password");
        await page.FillAsync("#password", "Back-to-password-1");
        await page.ClickAsync("button:has-text('Save')");
        await page.WaitForSelectorAsync("text=Saved.");
        var back = await Store.GetAsync(name, CancellationToken.None);
        Assert.Null(back.OAuth);
        Assert.Equal("Back-to-password-1", back.Credentials.Password!.Reveal());
        Assert.False(await page.IsVisibleAsync("#oauth-sign-in"));
    }
}
