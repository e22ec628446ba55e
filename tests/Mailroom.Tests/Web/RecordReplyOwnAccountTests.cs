using Mailroom.Core.Accounts;
using Mailroom.Core.Records;
using Mailroom.Data.Accounts;
using Mailroom.Data.Records;
using Mailroom.Data.Users;
using Mailroom.Engine.Outbox;
using Mailroom.Testing;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Mailroom.Tests.Web;

/// <summary>
/// The reply form offers the agent's own personal accounts beside the global ones, and a reply goes out through the
/// real Postfix submission signed in with the right credentials: the own account's, or the agent's personal version's
/// over a global account. Each account the reply must not use holds a password Postfix refuses, so the mail arrives
/// only if the right credentials signed in.
/// </summary>
public sealed class RecordReplyOwnAccountTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string RefusedPassword = "Refused-by-postfix-1";

    private MailroomServer Server => fixture.Server;

    private AccountStore Accounts => Server.Services.GetRequiredService<AccountStore>();

    [Fact]
    public async Task An_agent_replies_through_their_own_account_and_it_arrives_signed_in_as_that_accounts_user()
    {
        var (agent, customer) = await AgentAndCustomerAsync("own");
        var name = "Mine-" + Guid.NewGuid().ToString("N")[..8];

        // A global account of the same name, which the reply must not go through.
        await Accounts.AddAsync(RealAccount(name, new Credentials(agent.Address, new Secret(RefusedPassword)), agent.Address) with { AvailableToUsers = true }, "test", CancellationToken.None);
        var own = await Accounts.AddAsync(RealAccount(name, new Credentials(agent.Address, new Secret(agent.Password)), agent.Address) with { Owner = agent.Address }, "test", CancellationToken.None);
        var record = await RecordSeed.RecordAsync(Server, "Own account " + Guid.NewGuid().ToString("N")[..8], customer.Address);

        var page = await fixture.SignInAsync(agent.Address, agent.Password);
        await page.GotoAsync($"/records/{record.Number}");
        var labels = await page.Locator("#reply-account option").AllInnerTextsAsync();
        Assert.Contains(name, labels);
        Assert.Contains(name + " (yours)", labels);
        await page.SelectOptionAsync("#reply-account", new SelectOptionValue { Label = name + " (yours)" });
        await page.ClickAsync("button:has-text('Use this account')");

        // The form re-shown for the chosen account (read before it arrives, the old page would seem to pass).
        await PageWaits.UrlAsync(page, url => url.Contains("handler=ChangeAccount", StringComparison.OrdinalIgnoreCase), "the ChangeAccount handler's URL");
        Assert.Equal("personal:" + name, await page.InputValueAsync("#reply-account"));
        Assert.Equal(agent.Address, await page.InputValueAsync("#reply-from"));
        await BrowserFixture.ScreenshotAsync(page, "record-reply-own-account");

        var arrived = await SendAndReceiveAsync(page, customer, "Sent through my own account.");

        Assert.Equal(agent.Address, ((MailboxAddress)arrived.From[0]).Address);
        Assert.Equal("Sent through my own account.", arrived.TextBody?.Trim());
        Assert.Contains(arrived.Headers.Where(h => h.Id == HeaderId.Received), h => h.Value.Contains("ESMTPSA", StringComparison.Ordinal));
        var sent = Assert.Single(await Server.Services.GetRequiredService<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None), e => e.Mail?.Direction == MailDirection.Outgoing);
        Assert.Equal(arrived.MessageId, sent.Mail!.MessageId);
        Assert.DoesNotContain(agent.Password, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(own.Id, (await Accounts.ListPersonalAccountsAsync(agent.Address, CancellationToken.None)).Single().Id);
    }

    [Fact]
    public async Task An_agent_replies_through_a_global_account_signed_in_with_their_personal_credentials()
    {
        var (agent, customer) = await AgentAndCustomerAsync("ver");
        var global = await Accounts.AddAsync(
            RealAccount("Team-" + Guid.NewGuid().ToString("N")[..8], new Credentials(agent.Address, new Secret(RefusedPassword)), from: null) with
            {
                AvailableToUsers = true,
                Padlocks = new Padlocks(ServerSettingsLocked: true, CredentialsLocked: false),
            },
            "test",
            CancellationToken.None);
        await Accounts.SavePersonalVersionAsync(new PersonalAccountVersion(global.Id, agent.Address, new Credentials(agent.Address, new Secret(agent.Password))), "test", CancellationToken.None);
        var record = await RecordSeed.RecordAsync(Server, "Personal version " + Guid.NewGuid().ToString("N")[..8], customer.Address);

        var page = await fixture.SignInAsync(agent.Address, agent.Password);
        await page.GotoAsync($"/records/{record.Number}?account={Uri.EscapeDataString(global.Name)}");
        Assert.Equal("global:" + global.Name, await page.InputValueAsync("#reply-account"));
        Assert.Equal(agent.Address, await page.InputValueAsync("#reply-from"));

        var arrived = await SendAndReceiveAsync(page, customer, "Sent with my own password.");

        Assert.Equal(agent.Address, ((MailboxAddress)arrived.From[0]).Address);
        Assert.Contains(arrived.Headers.Where(h => h.Id == HeaderId.Received), h => h.Value.Contains("ESMTPSA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_agent_is_not_offered_someone_elses_own_account_and_a_forged_post_is_refused_naming_the_field()
    {
        var owner = $"pat-{Guid.NewGuid().ToString("N")[..6]}@web.test";
        var theirs = await Accounts.AddAsync(RealAccount("Pats-" + Guid.NewGuid().ToString("N")[..8], new Credentials(owner, new Secret("Pats-pass-1")), owner) with { Owner = owner }, "test", CancellationToken.None);
        await RecordSeed.AccountAsync(Server, "desk-" + Guid.NewGuid().ToString("N")[..6] + "@web.test");
        var record = await RecordSeed.RecordAsync(Server, "Forged account " + Guid.NewGuid().ToString("N")[..8], "ivy@customer.test");
        using var client = await Server.SignedInClientAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);

        var html = await client.GetStringAsync($"records/{record.Number}");
        Assert.Contains("id=\"reply-account\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Name, html, StringComparison.Ordinal);

        foreach (var (value, message) in new[]
        {
            ("personal:" + theirs.Name, $"You have no personal account named &#x27;{theirs.Name}&#x27;."),
            (theirs.Name, $"There is no account named &#x27;{theirs.Name}&#x27;."),
        })
        {
            var token = await MailroomServer.AntiforgeryTokenAsync(client, $"records/{record.Number}");
            using var response = await client.PostAsync($"records/{record.Number}?handler=Send", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Input.Account"] = value,
                ["Input.To"] = "ivy@customer.test",
                ["Input.Subject"] = "Forged",
                ["Input.Body"] = "Through someone else's account.",
            }));

            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"id=\"error-account\">{message}</span>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(await Server.Services.GetRequiredService<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None));
    }

    /// <summary>A mailbox for a new agent (who signs in to the pages with the same address and password) and a customer's.</summary>
    private async Task<(MailUser Agent, MailUser Customer)> AgentAndCustomerAsync(string prefix)
    {
        await MailServer.EnsureStartedAsync();
        var agent = await MailServer.CreateUserAsync(prefix + "agent");
        var customer = await MailServer.CreateUserAsync(prefix + "cust");
        await Server.Services.GetRequiredService<UserDirectory>().AddAsync(agent.Address, "Own Agent", UserRole.Agent, agent.Password, CancellationToken.None);
        return (agent, customer);
    }

    /// <summary>Fills the body, sends, lets the outbox run and returns the one mail the customer received.</summary>
    private async Task<MimeMessage> SendAndReceiveAsync(IPage page, MailUser customer, string body)
    {
        await page.FillAsync("#reply-body", body);
        await page.ClickAsync("#reply-form button:has-text('Send')");
        await page.WaitForSelectorAsync(".flash:has-text('queued')");

        // The server's own worker may send it first; this pass makes sure it is tried now.
        await Server.Services.GetRequiredService<OutboxProcessor>().RunOnceAsync(CancellationToken.None);
        return Assert.Single(await MailServer.WaitForMessagesAsync(customer, timeout: TimeSpan.FromSeconds(120)));
    }

    /// <summary>An IMAP account on the real Dovecot and Postfix (submission with STARTTLS) that SMTP signs in to with <paramref name="credentials"/>.</summary>
    private static Account RealAccount(string name, Credentials credentials, string? from) => new()
    {
        Name = name,
        Type = AccountType.Imap,
        Incoming = new IncomingServer(MailServer.Host, MailServer.ImapsPort, SecurityMode.Ssl),
        Outgoing = new OutgoingServer(MailServer.Host, MailServer.SubmissionPort, SecurityMode.StartTls),
        Credentials = credentials,
        AllowInvalidCertificate = true,
        ConversationId = ConversationIdPlacement.Subject,
        From = from is null ? new FromSettings(true, false, [], null) : new FromSettings(false, false, [from], from),
    };
}
