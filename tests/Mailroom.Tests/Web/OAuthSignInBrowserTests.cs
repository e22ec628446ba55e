using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Mailroom.Data.OAuth;
using Mailroom.Data.Users;
using Mailroom.Testing;
using Mailroom.Testing.OAuth;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary>
/// "Sign in with Microsoft" on the account page, in Chromium, through the local authorization server's consent page
/// and Mailroom's own callback, ending with Test Account passing against Dovecot and Postfix with OAuth tokens.
/// </summary>
public sealed class OAuthSignInBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_administrator_signs_in_with_the_authorization_code_flow_and_the_account_then_works()
    {
        await using var identity = await OAuthTestServer.StartForMailServerAsync();
        var client = identity.AddClient(secret: "web-secret-" + Guid.NewGuid().ToString("N"));
        client.RedirectUris.Add(fixture.Server.BaseAddress + "oauth/callback");
        var mailbox = await MailServer.CreateUserAsync("oauthweb");
        await fixture.Server.Services.GetRequiredService<UserDirectory>()
            .AddAsync(mailbox.Address, "Olga Admin", UserRole.Administrator, mailbox.Password, CancellationToken.None);
        var account = await fixture.Server.Services.GetRequiredService<AccountStore>().AddAsync(new Account
        {
            Name = "Web OAuth " + Guid.NewGuid().ToString("N")[..8],
            Type = AccountType.Imap,
            Incoming = new IncomingServer(MailServer.Host, 143, SecurityMode.StartTls),
            Outgoing = new OutgoingServer(MailServer.Host, 587, SecurityMode.StartTls, UseIncomingCredentials: true, null),
            Credentials = new Credentials(mailbox.Address, null),
            AllowInvalidCertificate = true,
            From = new FromSettings(true, false, [mailbox.Address], mailbox.Address),
            OAuth = new OAuthSettings(OAuthProvider.Microsoft, client.ClientId, OAuthFlow.AuthorizationCode)
            {
                Tenant = identity.Tenant,
                Authority = identity.Authority,
                ClientSecret = new Secret(client.Secret!),
            },
        }, "test:admin", CancellationToken.None);
        var page = await fixture.SignInAsync(mailbox.Address, mailbox.Password);

        await page.GotoAsync($"/options/accounts/{account.Id}/info");
        Assert.Contains("Sign-in needed", await page.InnerTextAsync("#sign-in-state"), StringComparison.Ordinal);
        Assert.Contains("/oauth/callback", await page.InnerTextAsync("#oauth-sign-in-card"), StringComparison.Ordinal);
        await page.ClickAsync("a:has-text('Sign in with Microsoft')");

        // The provider's consent page: the person signs in as the mailbox and accepts.
        await PageWaits.UrlAsync(page, url => url.StartsWith(identity.Authority, StringComparison.Ordinal), "the provider's consent page");
        await page.FillAsync("#login", mailbox.Address);
        await page.ClickAsync("#accept");
        await PageWaits.UrlAsync(page, "**/oauth/callback**");
        var result = await page.InnerTextAsync("#sign-in-result");
        await BrowserFixture.ScreenshotAsync(page, "oauth-callback");
        Assert.Contains($"Signed in to '{account.Name}'", result, StringComparison.Ordinal);

        await page.ClickAsync("#continue");
        await PageWaits.UrlAsync(page, "**/info");
        Assert.StartsWith("Signed in", await page.InnerTextAsync("#sign-in-state"), StringComparison.Ordinal);
        await page.ClickAsync("button:has-text('Test Account')");
        var report = await page.InnerTextAsync("#test-report");
        await BrowserFixture.ScreenshotAsync(page, "oauth-test-account");

        Assert.Contains("passed", report, StringComparison.Ordinal);
        Assert.Contains("Get an access token from Microsoft", report, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#test-report li.fail").CountAsync());
        Assert.Equal(1, identity.Issued(OAuthTestGrant.AuthorizationCode));
        var kept = await fixture.Server.Services.GetRequiredService<OAuthTokenStore>().GetAsync(account.Id, null, CancellationToken.None);
        Assert.NotNull(kept!.RefreshToken);
        Assert.DoesNotContain(kept.RefreshToken.Reveal(), await page.ContentAsync(), StringComparison.Ordinal);
        Assert.NotEmpty(await MailServer.WaitForMessagesAsync(mailbox));
    }

    [Fact]
    public async Task A_callback_whose_state_does_not_match_the_sign_in_started_here_redeems_nothing()
    {
        await using var identity = await OAuthTestServer.StartAsync();
        var client = identity.AddClient(secret: "web-secret-" + Guid.NewGuid().ToString("N"));
        var account = await fixture.Server.Services.GetRequiredService<AccountStore>().AddAsync(new Account
        {
            Name = "Forged " + Guid.NewGuid().ToString("N")[..8],
            Type = AccountType.Imap,
            Incoming = new IncomingServer(MailServer.Host, 143, SecurityMode.StartTls),
            Outgoing = new OutgoingServer(MailServer.Host, 587, SecurityMode.StartTls, UseIncomingCredentials: true, null),
            Credentials = new Credentials("someone@mailroom.test", null),
            OAuth = new OAuthSettings(OAuthProvider.Microsoft, client.ClientId, OAuthFlow.AuthorizationCode)
            {
                Tenant = identity.Tenant,
                Authority = identity.Authority,
                ClientSecret = new Secret(client.Secret!),
            },
        }, "test:admin", CancellationToken.None);
        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        await page.GotoAsync($"/options/accounts/{account.Id}/info");
        await page.ClickAsync("a:has-text('Sign in with Microsoft')");
        await PageWaits.UrlAsync(page, url => url.StartsWith(identity.Authority, StringComparison.Ordinal), "the provider's consent page");

        // Instead of consenting, the browser is sent a callback made elsewhere, with a state of its own.
        var response = await page.GotoAsync($"{fixture.Server.BaseAddress}oauth/callback?code=forged-code&state=forged-state");

        Assert.Equal(400, response!.Status);
        Assert.Contains("state:", await page.InnerTextAsync("#sign-in-result"), StringComparison.Ordinal);
        Assert.Equal(0, identity.Requests(OAuthTestGrant.AuthorizationCode));
        Assert.Null(await fixture.Server.Services.GetRequiredService<OAuthTokenStore>().GetAsync(account.Id, null, CancellationToken.None));
    }
}
