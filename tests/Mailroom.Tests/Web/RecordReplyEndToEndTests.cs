using Mailroom.Core.Accounts;
using Mailroom.Core.Records;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Engine.Outbox;
using Mailroom.Testing;
using Mailroom.Tests.Monitor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Mailroom.Tests.Web;

/// <summary>
/// The whole loop against the real Dovecot and Postfix: a customer's mail opens an incident (the monitor, run as
/// <c>mailroom monitor run --once</c>), an agent replies from the incident page, the reply arrives, and the
/// customer's answer, sent through Postfix, appears on the same incident after the monitor runs again.
/// </summary>
public sealed class RecordReplyEndToEndTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private MailroomServer Server => fixture.Server;

    [Fact]
    public async Task An_agent_replies_from_an_incident_and_the_customers_answer_lands_on_it()
    {
        await MailServer.EnsureStartedAsync();
        var desk = await MailServer.CreateUserAsync("rdesk");
        var customer = await MailServer.CreateUserAsync("rcust");
        var account = await Server.Services.GetRequiredService<AccountStore>().AddAsync(new Account
        {
            Name = "Desk-" + Guid.NewGuid().ToString("N")[..8],
            Type = AccountType.Imap,
            AvailableToUsers = true,
            Incoming = new IncomingServer(MailServer.Host, MailServer.ImapsPort, SecurityMode.Ssl),
            Outgoing = new OutgoingServer(MailServer.Host, MailServer.SubmissionPort, SecurityMode.StartTls),
            Credentials = new Credentials(desk.Address, new Secret(desk.Password)),
            AllowInvalidCertificate = true,
            ConversationId = ConversationIdPlacement.Subject,
            From = new FromSettings(false, false, [desk.Address], desk.Address),
        }, "test", CancellationToken.None);

        // Paused, so the server's own worker leaves it alone and each run below is the command's.
        await Server.Services.GetRequiredService<MonitorStore>().SaveAsync(new MonitorSettings { AccountId = account.Id, Enabled = false }, CancellationToken.None);

        // The customer writes in; the monitor opens an incident for it.
        var subject = "Laptop will not boot " + Guid.NewGuid().ToString("N")[..6];
        var request = new MimeMessage();
        request.From.Add(MailboxAddress.Parse(customer.Address));
        request.To.Add(MailboxAddress.Parse(desk.Address));
        request.Subject = subject;
        request.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(MailServer.DefaultDomain);
        request.Body = new TextPart("plain") { Text = "It shows a black screen since this morning." };
        await MailServer.DeliverAsync(desk.Address, request);
        await MailServer.WaitForMessagesAsync(desk, 1);
        Assert.Contains("new records 1", await RunMonitorAsync(account.Name));
        var record = Assert.Single((await Server.Services.GetRequiredService<RecordStore>().ListAsync(new RecordQuery(Search: subject), CancellationToken.None)).Records);

        // The agent finds it, and replies from its page with an attachment.
        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        await page.GotoAsync("/records?q=" + Uri.EscapeDataString(subject));
        await page.ClickAsync($"#records a:has-text('{subject}')");
        await PageWaits.UrlAsync(page, $"**/records/{record.Number}");
        Assert.Contains("It shows a black screen", await page.InnerTextAsync("article.incoming .new-text"), StringComparison.Ordinal);
        await page.SelectOptionAsync("#reply-account", account.Name);
        await page.ClickAsync("button:has-text('Use this account')");
        await page.GotoAsync($"/records/{record.Number}?account={Uri.EscapeDataString(account.Name)}");
        Assert.Equal(customer.Address, await page.InputValueAsync("#reply-to"));
        Assert.Equal(desk.Address, await page.InputValueAsync("#reply-from"));
        Assert.Equal("RE: " + subject, await page.InputValueAsync("#reply-subject"));
        await page.FillAsync("#reply-body", "Hold the power button for ten seconds, then start it again.");
        await page.SetInputFilesAsync("#reply-attachments", new FilePayload { Name = "steps.txt", MimeType = "text/plain", Buffer = "1. Hold power\n2. Release"u8.ToArray() });
        await BrowserFixture.ScreenshotAsync(page, "record-reply-form");
        await page.ClickAsync("#reply-form button:has-text('Send')");
        await page.WaitForSelectorAsync(".flash:has-text('queued')");
        var outgoing = page.Locator("article.outgoing");
        Assert.Equal(1, await outgoing.CountAsync());
        Assert.Contains(await outgoing.Locator(".badge.delivery").InnerTextAsync(), new[] { "queued", "sending", "sent" });

        // The outbox sends it (the server's worker, or this pass, whichever comes first) and the page says so.
        await Server.Services.GetRequiredService<OutboxProcessor>().RunOnceAsync(CancellationToken.None);
        await WaitForAsync(page, record.Number, p => p.Locator("article.outgoing .badge.delivery:has-text('sent')"));
        var arrived = Assert.Single(await MailServer.WaitForMessagesAsync(customer));
        Assert.StartsWith("RE: " + subject + " {CMI: ", arrived.Subject, StringComparison.Ordinal);
        Assert.Equal(request.MessageId, arrived.InReplyTo);
        Assert.Equal(desk.Address, ((MailboxAddress)arrived.From[0]).Address);
        Assert.Equal("steps.txt", Assert.Single(arrived.Attachments).ContentDisposition?.FileName);
        await BrowserFixture.ScreenshotAsync(page, "record-reply-sent");

        // The customer answers through Postfix (submission, authenticated), quoting the reply.
        var answer = new MimeMessage();
        answer.From.Add(MailboxAddress.Parse(customer.Address));
        answer.To.Add(MailboxAddress.Parse(desk.Address));
        answer.Subject = "RE: " + arrived.Subject;
        answer.InReplyTo = arrived.MessageId;
        answer.References.Add(arrived.MessageId!);
        answer.Body = new TextPart("plain")
        {
            Text = "It booted, thank you!\n\nOn " + DateTime.UtcNow.ToString("ddd, d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)
                + ", " + desk.Address + " wrote:\n> Hold the power button for ten seconds, then start it again.\n",
        };
        using (var smtp = await MailServer.ConnectSubmissionAsync(customer))
        {
            await smtp.SendAsync(answer);
            await smtp.DisconnectAsync(true);
        }

        await MailServer.WaitForMessagesAsync(desk, 2);
        Assert.Contains("filed on existing records 1, new records 0", await RunMonitorAsync(account.Name));

        await page.GotoAsync($"/records/{record.Number}?account={Uri.EscapeDataString(account.Name)}");
        Assert.Equal("RE: " + subject, await page.InputValueAsync("#reply-subject"));
        var latest = page.Locator("article.incoming").Last;
        Assert.Equal("It booted, thank you!", (await latest.Locator(".new-text").InnerTextAsync()).Trim());
        Assert.False(await latest.GetByText("> Hold the power button").IsVisibleAsync());
        Assert.Equal(2, await page.Locator("article.incoming").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "record-customer-answered");
        Assert.DoesNotContain(desk.Password, await page.ContentAsync(), StringComparison.Ordinal);
    }

    private async Task<string> RunMonitorAsync(string accountName)
    {
        var run = await MailroomProcess.RunAsync(Server.DataDirectory, new Dictionary<string, string>(), "monitor", "run", "--once", "--account", accountName);
        Assert.True(run.ExitCode == 0, $"monitor run exited {run.ExitCode}: {run.Error}");
        return run.Output;
    }

    /// <summary>Reloads the record page until <paramref name="what"/> is on it (the outbox works in the background).</summary>
    private static async Task WaitForAsync(IPage page, long number, Func<IPage, ILocator> what)
    {
        try
        {
            await WaitFor.ConditionAsync(async () =>
            {
                await page.GotoAsync($"/records/{number}");
                return await what(page).CountAsync() > 0;
            }, TimeSpan.FromMinutes(2), "the record page showing the message as sent", TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} The journal: {await page.InnerTextAsync("#journal")}", e);
        }
    }
}
