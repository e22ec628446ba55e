using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Mailroom.Data.Outbox;
using Mailroom.Data.Tests.Outbox;
using Mailroom.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary>
/// An administrator watches the outbox page in Chromium while the real outbox worker tries a server that refuses the
/// connection: the message shows as retrying with the last error, is cancelled (kept as failed, saying by whom), and retried.
/// </summary>
public sealed class OutboxPageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private MailroomServer Server => fixture.Server;

    [Fact]
    public async Task A_retrying_message_shows_its_last_error_and_can_be_cancelled_and_retried()
    {
        var account = await Server.Services.GetRequiredService<AccountStore>().AddAsync(new Account
        {
            Name = "Refused-" + Guid.NewGuid().ToString("N")[..8],
            Type = AccountType.Imap,
            Incoming = new IncomingServer("127.0.0.1", 9, SecurityMode.None),
            Outgoing = new OutgoingServer("127.0.0.1", 9, SecurityMode.None),
            Credentials = new Credentials("desk@example.test", new Secret("Seed-secret-1")),
            From = new FromSettings(false, false, ["desk@example.test"], "desk@example.test"),
        }, "test", CancellationToken.None);
        var record = await RecordSeed.RecordAsync(Server, "Outbox " + Guid.NewGuid().ToString("N")[..8], "cust@example.test");
        var queued = await Server.Services.GetRequiredService<OutboxStore>().EnqueueAsync(
            false, TimeSpan.FromHours(1), _ => QueuedMail.Item(record.Id) with { AccountId = account.Id }, CancellationToken.None);
        var id = queued.OutboxId;

        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        await page.ClickAsync("header.top >> text=Outbox");
        var retrying = page.Locator($"#outbox-retrying tr[data-outbox='{id}']");
        await WaitFor.ConditionAsync(async () =>
        {
            await page.ReloadAsync();
            return await retrying.CountAsync() == 1;
        }, TimeSpan.FromMinutes(2), $"outbox message {id} showing under Retrying after the worker's first refused try");
        Assert.False(string.IsNullOrWhiteSpace(await retrying.Locator("td.last-error").InnerTextAsync()));
        await BrowserFixture.ScreenshotAsync(page, "outbox-retrying");

        await retrying.Locator("button:has-text('Cancel')").ClickAsync();
        Assert.Contains($"Message {id} is cancelled", await page.InnerTextAsync("#outbox-message"), StringComparison.Ordinal);
        var failed = page.Locator($"#outbox-failed tr[data-outbox='{id}']");
        Assert.Contains($"Cancelled by {MailroomServer.AdminAddress}", await failed.Locator("td.last-error").InnerTextAsync(), StringComparison.Ordinal);
        var message = await Server.Services.GetRequiredService<OutboxStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(OutboxState.Failed, message!.State);

        await failed.Locator("button:has-text('Retry now')").ClickAsync();
        Assert.Contains($"Message {id} is due now", await page.InnerTextAsync("#outbox-message"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"#outbox-failed tr[data-outbox='{id}']").CountAsync());
    }
}
