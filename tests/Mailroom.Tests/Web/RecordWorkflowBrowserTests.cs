using Mailroom.Data.Outbox;
using Mailroom.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Web;

/// <summary>An agent works a record in Chromium: changes its status, assigns it, writes an internal note; the journal says who and when.</summary>
public sealed class RecordWorkflowBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private MailroomServer Server => fixture.Server;

    [Fact]
    public async Task Changing_the_status_shows_it_and_journals_who_and_when()
    {
        var record = await RecordSeed.RecordAsync(Server, "Status " + Guid.NewGuid().ToString("N")[..8], "dora@customer.test");
        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        await page.GotoAsync($"/records/{record.Number}");

        await page.SelectOptionAsync("#wf-status", "in-progress");
        await page.ClickAsync("#set-status");

        Assert.Equal("in-progress", (await page.InnerTextAsync("#record-status")).Trim());
        Assert.Contains("Status set to in-progress.", await page.InnerTextAsync(".flash"), StringComparison.Ordinal);
        var change = page.Locator("article.change").Last;
        Assert.Equal("Status changed from new to in-progress.", (await change.Locator(".body").InnerTextAsync()).Trim());
        Assert.Equal("by Abe Agent <agent@web.test>", (await change.Locator(".author").InnerTextAsync()).Trim());
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", await change.Locator("time").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "record-status-changed");

        // The list's status filter sees it at once.
        await page.GotoAsync($"/records?q={Uri.EscapeDataString(record.Subject)}&status=in-progress");
        Assert.Equal(1, await page.Locator("#records tbody tr").CountAsync());
    }

    [Fact]
    public async Task Assigning_shows_the_agent_and_the_list_filters_by_assignee()
    {
        var record = await RecordSeed.RecordAsync(Server, "Assign " + Guid.NewGuid().ToString("N")[..8], "erin@customer.test");
        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        await page.GotoAsync($"/records/{record.Number}");

        await page.SelectOptionAsync("#wf-assignee", MailroomServer.AgentAddress);
        await page.ClickAsync("#assign");

        Assert.Equal(MailroomServer.AgentAddress, (await page.InnerTextAsync("#record-assignee")).Trim());
        Assert.Equal($"Assigned to {MailroomServer.AgentAddress}.", (await page.Locator("article.change").Last.Locator(".body").InnerTextAsync()).Trim());

        await page.GotoAsync($"/records?q={Uri.EscapeDataString(record.Subject)}");
        await page.SelectOptionAsync("#assignee", "me");
        await page.ClickAsync("form.filters button[type=submit]");
        await PageWaits.UrlAsync(page, "**assignee=me**");
        Assert.Equal(MailroomServer.AgentAddress, (await page.InnerTextAsync("#records tbody tr td.assignee")).Trim());
        await page.SelectOptionAsync("#assignee", "none");
        await page.ClickAsync("form.filters button[type=submit]");
        await PageWaits.UrlAsync(page, "**assignee=none**");
        Assert.Equal(0, await page.Locator("#records tbody tr").CountAsync());
    }

    [Fact]
    public async Task An_internal_note_goes_on_the_journal_is_never_mailed_and_is_found_by_search()
    {
        var tag = "Nt" + Guid.NewGuid().ToString("N")[..8];
        var record = await RecordSeed.RecordAsync(Server, "Note " + tag, "fay@customer.test");
        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        await page.GotoAsync($"/records/{record.Number}");

        await page.ClickAsync("#add-note");
        Assert.Contains("A note needs some text", await page.InnerTextAsync("#error-text"), StringComparison.Ordinal);

        await page.FillAsync("#wf-note", $"Customer is on holiday until Monday ({tag}-words).");
        await page.ClickAsync("#add-note");

        var note = page.Locator("article.note").Last;
        Assert.Equal("Internal note", (await note.Locator("header strong").InnerTextAsync()).Trim());
        Assert.Equal($"Customer is on holiday until Monday ({tag}-words).", (await note.Locator(".body").InnerTextAsync()).Trim());
        Assert.Equal("by Abe Agent <agent@web.test>", (await note.Locator(".author").InnerTextAsync()).Trim());

        var outbox = await Server.Services.GetRequiredService<OutboxStore>().ListAsync(includeSent: true, 1000, CancellationToken.None);
        Assert.DoesNotContain(outbox, m => m.RecordId == record.Id);

        await page.GotoAsync($"/records?q={tag}-words");
        Assert.Contains(record.Subject, await page.InnerTextAsync("#records tbody tr"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_searches_the_text_of_the_mail_too()
    {
        var tag = "Ml" + Guid.NewGuid().ToString("N")[..8];
        var record = await RecordSeed.RecordAsync(Server, "Unrelated title " + tag[..4], "gus@customer.test");
        await RecordSeed.IncomingAsync(Server, record, "gus@customer.test", "Re: it", $"The error says E{tag} when I print.");
        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);

        await page.GotoAsync($"/records?q=E{tag}");

        Assert.Contains(record.Subject, await page.InnerTextAsync("#records tbody tr"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#records tbody tr").CountAsync());
    }
}
