using System.CommandLine;
using System.Text.Json;
using Mailroom.Commands;
using Mailroom.Core.Accounts;
using Mailroom.Core.Monitor;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Testing;
using Mailroom.Web.Monitors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;

namespace Mailroom.Tests.Web;

/// <summary>
/// The item editor's record-finding switches and action settings, and the Default item's editor, in Chromium; what
/// they save is run by the real filer (the serve host's monitor worker over Dovecot) or read back by the command.
/// </summary>
public sealed partial class MonitorPagesBrowserTests
{
    [Fact]
    public async Task Finding_switches_set_in_the_editor_decide_which_record_the_real_filer_finds()
    {
        await MailServer.EnsureStartedAsync();
        var desk = await MailServer.CreateUserAsync("items");
        var account = await AddAccountAsync("Find " + Guid.NewGuid().ToString("N")[..8], MailServer.Host, desk.Address, desk.Password);
        var customer = $"finder-{Guid.NewGuid().ToString("N")[..6]}@{MailServer.DefaultDomain}";
        var tag = Guid.NewGuid().ToString("N")[..6];
        var laptop = await RecordSeed.RecordAsync(fixture.Server, $"Broken laptop {tag}", customer);
        var tray = await RecordSeed.RecordAsync(fixture.Server, $"Paper tray stuck {tag}", customer);
        var fire = await RecordSeed.RecordAsync(fixture.Server, $"Printer on fire {tag}", customer);

        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        await page.GotoAsync($"/monitors/{account.Id}");
        await page.FillAsync("#interval", "2");
        await page.UncheckAsync("#enabled");
        await page.ClickAsync("button:has-text('Set up monitor')");

        // Each item only attaches to a record it found: one that finds nothing sets the mail aside in Not handled.
        await AddAttachingItemAsync(page, account.Id, "No subject finding", "laptop", p => p.UncheckAsync("#find-subject"));
        await AddAttachingItemAsync(page, account.Id, "Subject finding", "Paper tray", _ => Task.CompletedTask); // the control: as a new item starts
        await AddAttachingItemAsync(page, account.Id, "Case numbers", "Case", async p =>
        {
            await p.UncheckAsync("#find-subject");
            await p.CheckAsync("#find-record-number");
            await p.SelectOptionAsync("#record-number-mode", "after-term");
            await p.FillAsync("#record-number-term", "Case");
        });

        // The editor shows what was saved.
        await page.ClickAsync("#items >> text=No subject finding");
        Assert.False(await page.IsCheckedAsync("#find-subject"));
        Assert.True(await page.IsCheckedAsync("#find-conversation-id"));
        await page.GotoAsync($"/monitors/{account.Id}");
        await page.ClickAsync("#items >> text=Case numbers");
        Assert.True(await page.IsCheckedAsync("#find-record-number"));
        Assert.Equal("Case", await page.InputValueAsync("#record-number-term"));
        await BrowserFixture.ScreenshotAsync(page, "monitor-item-finding");

        var toLaptop = await DeliverAsync(desk, customer, $"Re: Broken laptop {tag}");
        var toTray = await DeliverAsync(desk, customer, $"RE: Paper tray stuck {tag}");
        var toFire = await DeliverAsync(desk, customer, $"Case #{fire.Number}: still burning");
        await MailServer.WaitForMessagesAsync(desk, 3);

        await page.GotoAsync($"/monitors/{account.Id}");
        await page.CheckAsync("#enabled");
        await page.ClickAsync("button:has-text('Save settings')");
        await WaitForAsync(() => Monitors.FindByAccountAsync(account.Id, default), m => m?.FetchedTotal >= 3, "three messages fetched");
        var filed = await WaitForAsync(
            () => Messages.ListForAccountAsync(account.Id, 10, default),
            list => new[] { toLaptop, toTray, toFire }.All(id => list.Any(m => m.MessageId == id && m.Outcome is not null)),
            "three messages filed");
        ReceivedMessage Of(string messageId) => filed.Single(m => m.MessageId == messageId);

        // The reply that matches only by subject, with subject finding switched off, finds no record.
        Assert.Equal(MessageOutcome.NotHandled, Of(toLaptop).Outcome);
        Assert.Null(Of(toLaptop).RecordId);
        Assert.DoesNotContain(await Journal.ListForRecordAsync(laptop.Id, default), e => e.Mail?.MessageId == toLaptop);

        // The same kind of reply, to an item that finds by subject, lands on its record.
        Assert.Equal(MessageOutcome.FiledExisting, Of(toTray).Outcome);
        Assert.Equal(tray.Id, Of(toTray).RecordId);

        // "Case #N" finds record N through the term set in the editor.
        Assert.Equal(MessageOutcome.FiledExisting, Of(toFire).Outcome);
        Assert.Equal(fire.Id, Of(toFire).RecordId);
        Assert.Contains(await Journal.ListForRecordAsync(fire.Id, default), e => e.Mail?.Subject == $"Case #{fire.Number}: still burning");
    }

    [Fact]
    public async Task Bad_finding_and_action_values_are_shown_beside_their_fields_and_nothing_is_saved()
    {
        var (account, page, monitor) = await PausedMonitorAsync("Bad");

        await page.ClickAsync("text=Add item");
        await page.FillAsync("#name", "Numbers");
        await page.FillAsync("#condition-value-0", "order");
        await page.FillAsync("#subject-minimum-length", "-1");
        await page.CheckAsync("#find-record-number");
        await page.SelectOptionAsync("#record-number-mode", "after-term");
        await page.FillAsync("#record-number-term", "");
        await page.CheckAsync("#import-attachments");
        await page.FillAsync("#max-size", "0");
        await page.CheckAsync("#blocked-these");
        await page.FillAsync("#blocked-extensions", ".exe, not an extension!");
        await page.CheckAsync("#create-record");
        await page.FillAsync("#create-fields", "colour=red");
        await page.ClickAsync("button:has-text('Save item')");

        Assert.Equal("must be 0-1000", await page.InnerTextAsync("#error-subject-minimum-length"));
        Assert.Contains("after a term", await page.InnerTextAsync("#error-record-number-term"), StringComparison.Ordinal);
        Assert.Contains("above 0", await page.InnerTextAsync("#error-max-size"), StringComparison.Ordinal);
        Assert.Contains("'not an extension!' is not a file extension", await page.InnerTextAsync("#error-blocked-extensions"), StringComparison.Ordinal);
        Assert.Equal("-1", await page.InputValueAsync("#subject-minimum-length")); // shown as typed
        await BrowserFixture.ScreenshotAsync(page, "monitor-item-errors");
        Assert.Empty(await Monitors.ListItemsAsync(monitor.Id, default));

        // Mended, the one left is Core's own reading of the JSON (fields a record cannot have), still beside its field.
        await page.FillAsync("#subject-minimum-length", "12");
        await page.FillAsync("#record-number-term", "Order");
        await page.FillAsync("#max-size", "2.5");
        await page.FillAsync("#blocked-extensions", ".exe, ZIP");
        await page.ClickAsync("button:has-text('Save item')");
        Assert.Contains("is not a field an item can set", await page.InnerTextAsync("#error-create-fields"), StringComparison.Ordinal);
        Assert.Empty(await Monitors.ListItemsAsync(monitor.Id, default));

        await page.FillAsync("#create-fields", "priority=critical");
        await page.ClickAsync("button:has-text('Save item')");
        await ExpectUrlAsync(page, $"**/monitors/{account.Id}");
        var row = Assert.Single(await Monitors.ListItemsAsync(monitor.Id, default));
        var saved = MonitorItemDefinition.Parse(row.Name, row.Definition);
        Assert.Equal(12, saved.Finding.SubjectMinimumLength);
        Assert.Equal("Order", saved.Finding.RecordNumberTerm);
        var import = Assert.Single(saved.Actions.OfType<ImportAttachmentsAction>());
        Assert.Equal((long)(2.5 * 1024 * 1024), import.MaxBytes);
        Assert.Equal([".exe", ".zip"], import.BlockedExtensions);
        Assert.Equal("Critical", Assert.Single(saved.Actions.OfType<CreateRecordAction>()).Fields!["priority"]);
    }

    [Fact]
    public async Task The_default_item_is_edited_in_the_page_and_the_command_reads_it_back()
    {
        var (account, page, _) = await PausedMonitorAsync("Dflt");

        await page.ClickAsync("#edit-default");
        Assert.Equal(0, await page.Locator("#name").CountAsync()); // no name, no conditions, no record condition
        Assert.Equal(0, await page.Locator("#condition-value-0").CountAsync());
        Assert.Equal(0, await page.Locator("#record").CountAsync());
        Assert.True(await page.IsCheckedAsync("#create-record")); // as the built-in Default: create, attach, import
        Assert.True(await page.IsCheckedAsync("#attach-history"));
        Assert.True(await page.IsCheckedAsync("#import-attachments"));

        await page.FillAsync("#subject-minimum-length", "abc");
        await page.ClickAsync("button:has-text('Save Default item')");
        Assert.Contains("whole number", await page.InnerTextAsync("#error-subject-minimum-length"), StringComparison.Ordinal);
        Assert.Null((await Monitors.FindByAccountAsync(account.Id, default))!.DefaultItem);

        await page.FillAsync("#subject-minimum-length", "15");
        await page.UncheckAsync("#find-reply-headers");
        await page.CheckAsync("#find-record-number");
        await page.SelectOptionAsync("#record-number-mode", "number-at-end");
        await page.FillAsync("#record-type", "Request");
        await page.FillAsync("#create-fields", "priority=high\nstatus=in-progress");
        await page.FillAsync("#max-size", "5");
        await page.CheckAsync("#blocked-these");
        await page.FillAsync("#blocked-extensions", "exe, .ISO");
        await page.UncheckAsync("#keep-inline-images");
        Assert.True(await page.IsCheckedAsync("#reopen-resolved")); // both on by default
        await page.UncheckAsync("#follow-up-closed");
        await page.ClickAsync("button:has-text('Save Default item')");
        await ExpectUrlAsync(page, $"**/monitors/{account.Id}");
        Assert.Contains("Default item saved", await page.InnerTextAsync(".flash"), StringComparison.Ordinal);
        Assert.Contains("Request", await page.InnerTextAsync("#items tr.fixed:last-child"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await page.Locator("#items tr.fixed button").CountAsync()); // neither moved nor deleted

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MailroomRootCommand.InvokeAsync(
            Program.CreateRootCommand(),
            ["--data-dir", fixture.Server.DataDirectory, "monitor", "items", "list", account.Name, "--json"],
            new InvocationConfiguration { Output = output, Error = error });
        Assert.True(code == 0, error.ToString());
        var listed = JsonDocument.Parse(output.ToString()).RootElement.EnumerateArray()
            .Single(i => i.GetProperty("name").GetString() == "Default");
        var item = MonitorItemDefinition.Parse("Default", listed.GetProperty("definition").GetRawText(), MonitorItemKind.Default);
        Assert.Equal(15, item.Finding.SubjectMinimumLength);
        Assert.False(item.Finding.ByReplyHeaders);
        Assert.True(item.Finding.BySubject);
        Assert.True(item.Finding.ByRecordNumber);
        Assert.Equal(RecordNumberMode.NumberAtEnd, item.Finding.RecordNumberMode);
        Assert.Empty(item.Conditions);
        var create = Assert.IsType<CreateRecordAction>(item.Actions[0]);
        Assert.Equal("Request", create.RecordType);
        Assert.Equal("High", create.Fields!["priority"]);
        Assert.Equal("InProgress", create.Fields["status"]);
        var import = Assert.Single(item.Actions.OfType<ImportAttachmentsAction>());
        Assert.Equal(5L * 1024 * 1024, import.MaxBytes);
        Assert.Equal([".exe", ".iso"], import.BlockedExtensions);
        Assert.False(import.KeepInlineImages);
        Assert.True(item.ReopenResolved);
        Assert.False(item.FollowUpClosed);

        // Opened again, the editor shows the saved settings as they were written.
        await page.ClickAsync("#edit-default");
        Assert.Equal("priority=high\nstatus=in-progress", await page.InputValueAsync("#create-fields"));
        Assert.Equal(".exe, .iso", await page.InputValueAsync("#blocked-extensions"));
        Assert.True(await page.IsCheckedAsync("#blocked-these"));
        Assert.Equal("5", await page.InputValueAsync("#max-size"));
        Assert.False(await page.IsCheckedAsync("#find-reply-headers"));
    }

    [Fact]
    public async Task The_editor_can_block_no_file_types_and_go_back_to_the_built_in_list()
    {
        var (account, page, monitor) = await PausedMonitorAsync("NoBlock");

        await page.ClickAsync("text=Add item");
        await page.FillAsync("#name", "Everything");
        await page.FillAsync("#condition-value-0", "invoice");
        await page.CheckAsync("#import-attachments");
        Assert.True(await page.IsCheckedAsync("#blocked-built-in")); // a new item follows the built-in list

        // "These types" with none typed is refused: "none" has its own choice.
        await page.CheckAsync("#blocked-these");
        await page.FillAsync("#blocked-extensions", "");
        await page.ClickAsync("button:has-text('Save item')");
        Assert.Contains("name at least one file type", await page.InnerTextAsync("#error-blocked-extensions"), StringComparison.Ordinal);
        Assert.True(await page.IsCheckedAsync("#blocked-these")); // shown again as chosen
        Assert.Empty(await Monitors.ListItemsAsync(monitor.Id, default));

        await page.CheckAsync("#blocked-none");
        await page.ClickAsync("button:has-text('Save item')");
        await ExpectUrlAsync(page, $"**/monitors/{account.Id}");
        var row = Assert.Single(await Monitors.ListItemsAsync(monitor.Id, default));
        Assert.Equal(0, BlockedInJson(row.Definition)!.Value.GetArrayLength()); // [] as `monitor items` writes it
        var import = Assert.Single(MonitorItemDefinition.Parse(row.Name, row.Definition).Actions.OfType<ImportAttachmentsAction>());
        Assert.Empty(import.BlockedExtensions!);
        Assert.True(import.AllowsFile("setup.exe", isInline: false)); // blocked by the built-in list otherwise

        // Opened again it still says none; back to the built-in list, the item stores no list at all.
        await page.GotoAsync($"/monitors/{account.Id}/items/{row.Id}");
        Assert.True(await page.IsCheckedAsync("#blocked-none"));
        await page.CheckAsync("#blocked-built-in");
        await page.ClickAsync("button:has-text('Save item')");
        await ExpectUrlAsync(page, $"**/monitors/{account.Id}");
        row = Assert.Single(await Monitors.ListItemsAsync(monitor.Id, default));
        Assert.Null(BlockedInJson(row.Definition));
        import = Assert.Single(MonitorItemDefinition.Parse(row.Name, row.Definition).Actions.OfType<ImportAttachmentsAction>());
        Assert.False(import.AllowsFile("setup.exe", isInline: false));
    }

    /// <summary>The import action's "blocked-extensions" in a stored definition, null when it has none.</summary>
    private static JsonElement? BlockedInJson(string definition)
    {
        using var document = JsonDocument.Parse(definition);
        var import = document.RootElement.GetProperty("actions").EnumerateArray()
            .Single(a => a.GetProperty("type").GetString() == "import-attachments");
        return import.TryGetProperty("blocked-extensions", out var blocked) ? blocked.Clone() : null;
    }

    [Fact]
    public async Task An_item_the_command_wrote_is_saved_from_the_page_unchanged()
    {
        var (account, page, monitor) = await PausedMonitorAsync("Keep");
        const string written = """
            {"conditions":[{"field":"from-address","operator":"ends-with","value":"@vip.test"}],"record":"found","record-status":"resolved",
             "require-customer":true,"reopen-resolved":false,"follow-up-closed":false,
             "finding":{"conversation-id":false,"reply-headers":true,"subject":false,"record-number":true,"record-number-mode":"first-number",
                        "record-number-term":"Ticket","subject-minimum-length":4},
             "actions":[{"type":"attach","also-to-customer":true},{"type":"update-record","status":"in-progress","fields":{"priority":"critical"}},
                        {"type":"import-attachments","max-bytes":1048576,"blocked-extensions":[".iso"],"keep-inline-images":false}]}
            """;
        var id = (await Monitors.AddItemAsync(monitor.Id, "Reopen VIP", written, null, default)).Id;

        await page.GotoAsync($"/monitors/{account.Id}/items/{id}");
        Assert.True(await page.IsCheckedAsync("#require-customer"));
        Assert.False(await page.IsCheckedAsync("#reopen-resolved"));
        Assert.False(await page.IsCheckedAsync("#follow-up-closed"));
        Assert.Equal("priority=critical", await page.InputValueAsync("#update-fields"));
        Assert.Equal("1", await page.InputValueAsync("#attach-order"));
        Assert.Equal("2", await page.InputValueAsync("#update-order"));
        Assert.Equal("3", await page.InputValueAsync("#import-order"));
        await page.ClickAsync("button:has-text('Save item')");
        await ExpectUrlAsync(page, $"**/monitors/{account.Id}");

        var saved = Assert.Single(await Monitors.ListItemsAsync(monitor.Id, default));
        var item = MonitorItemDefinition.Parse(saved.Name, saved.Definition);
        Assert.Collection(
            item.Actions,
            a => Assert.IsType<AttachAsHistoryAction>(a),
            a => Assert.IsType<UpdateRecordAction>(a),
            a => Assert.IsType<ImportAttachmentsAction>(a));
        Assert.Equal(MonitorItemJson.Write(MonitorItemDefinition.Parse("Reopen VIP", written)), MonitorItemJson.Write(item));
    }

    [Fact]
    public async Task The_page_orders_the_actions_by_their_numbers()
    {
        var (account, page, monitor) = await PausedMonitorAsync("Order");

        // A new item starts in the default order: create, update, attach, import.
        await page.GotoAsync($"/monitors/{account.Id}/items/new");
        Assert.Equal(["1", "2", "3", "4"], [
            await page.InputValueAsync("#create-order"), await page.InputValueAsync("#update-order"),
            await page.InputValueAsync("#attach-order"), await page.InputValueAsync("#import-order")]);
        await page.FillAsync("#name", "Import first");
        await page.FillAsync("#condition-value-0", "invoice");
        await page.CheckAsync("#attach-history");
        await page.CheckAsync("#import-attachments");
        await page.FillAsync("#import-order", "x");
        await page.ClickAsync("button:has-text('Save item')");
        Assert.Contains("give a whole number", await page.InnerTextAsync("#item-form"));
        Assert.Empty(await Monitors.ListItemsAsync(monitor.Id, default));

        await page.FillAsync("#import-order", "1");
        await page.ClickAsync("button:has-text('Save item')");
        await ExpectUrlAsync(page, $"**/monitors/{account.Id}");

        var saved = Assert.Single(await Monitors.ListItemsAsync(monitor.Id, default));
        Assert.Collection(
            MonitorItemDefinition.Parse(saved.Name, saved.Definition).Actions,
            a => Assert.IsType<ImportAttachmentsAction>(a),
            a => Assert.IsType<AttachAsHistoryAction>(a));
    }

    [Fact]
    public async Task An_item_with_a_repeated_action_is_not_saved_from_the_page()
    {
        var (account, page, monitor) = await PausedMonitorAsync("Twice");
        const string written = """
            {"conditions":[{"field":"subject","operator":"contains","value":"twice"}],"record":"found",
             "actions":[{"type":"update-record","status":"in-progress"},{"type":"attach"},{"type":"update-record","fields":{"priority":"high"}}]}
            """;
        var id = (await Monitors.AddItemAsync(monitor.Id, "Twice", written, null, default)).Id;

        await page.GotoAsync($"/monitors/{account.Id}/items/{id}");
        Assert.Contains("mailroom monitor items edit", await page.InnerTextAsync("#repeated-actions"));
        await page.ClickAsync("button:has-text('Save item')");
        Assert.Contains("not saved", await page.InnerTextAsync("#item-form"));

        var saved = Assert.Single(await Monitors.ListItemsAsync(monitor.Id, default));
        Assert.Equal(written, saved.Definition);
    }

    private JournalStore Journal => Services.GetRequiredService<JournalStore>();

    /// <summary>Adds an item with one "subject contains" condition that only attaches the mail to the record it finds.</summary>
    private static async Task AddAttachingItemAsync(IPage page, long accountId, string name, string subjectContains, Func<IPage, Task> finding)
    {
        await page.GotoAsync($"/monitors/{accountId}/items/new");
        await page.FillAsync("#name", name);
        await page.FillAsync("#condition-value-0", subjectContains);
        await finding(page);
        await page.ClickAsync("button:has-text('Save item')");
        await ExpectUrlAsync(page, $"**/monitors/{accountId}");
    }

    /// <summary>
    /// An account on a server that does not exist, its monitor set up paused through the page, and an administrator's
    /// page signed in: the start of every editor test that needs no mail.
    /// </summary>
    private async Task<(Account Account, IPage Page, MonitorSettings Monitor)> PausedMonitorAsync(string namePrefix)
    {
        var account = await AddAccountAsync(namePrefix + " " + Guid.NewGuid().ToString("N")[..8], "mail.invalid", null, null);
        var page = await fixture.SignInAsync(MailroomServer.AdminAddress, MailroomServer.AdminPassword);
        await page.GotoAsync($"/monitors/{account.Id}");
        await page.UncheckAsync("#enabled");
        await page.ClickAsync("button:has-text('Set up monitor')");
        return (account, page, (await Monitors.FindByAccountAsync(account.Id, default))!);
    }

    /// <summary>Delivers a plain mail from <paramref name="from"/>; returns its Message-ID.</summary>
    private static async Task<string> DeliverAsync(MailUser desk, string from, string subject)
    {
        var message = new MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.test") };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(desk.Address));
        message.Body = new TextPart("plain") { Text = "About " + subject };
        await MailServer.DeliverAsync(desk.Address, message);
        return message.MessageId;
    }
}
