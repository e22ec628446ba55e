using System.Globalization;
using Mailroom.Core.Accounts;
using Mailroom.Core.Monitor;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Engine.Monitor;
using Mailroom.Web;
using Mailroom.Web.Monitors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Monitors;

/// <summary>
/// One account's monitor: its settings (the rules of <c>mailroom monitor set</c>), its status with mail per hour and
/// how far a long check has got, the items between the fixed Skip and Default, and the Skip item's rules. The page
/// does not refresh itself (it holds forms); a running check links to its own page that does.
/// </summary>
public sealed class MonitorAccountModel(AccountStore accounts, MonitorStore monitors, MonitorMessageStore messages, CustomerStore customers, TimeProvider time) : PageModel
{
    public Account Account { get; private set; } = null!;

    public MonitorSettings? Monitor { get; private set; }

    public IReadOnlyList<MonitorItemRow> Items { get; private set; } = [];

    public IReadOnlyList<(long Id, SkipRule? Rule, string? Problem)> SkipRules { get; private set; } = [];

    public FieldErrors Errors { get; } = new();

    public IReadOnlyList<ValidationProblem> Warnings { get; private set; } = [];

    public string Folder { get; private set; } = MonitorSettings.DefaultFolder;

    public string Interval { get; private set; } = MonitorSettings.DefaultIntervalSeconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>mark-read, delete or move.</summary>
    public string PostActionKind { get; private set; } = "mark-read";

    public string MoveFolder { get; private set; } = "";

    public bool Enabled { get; private set; } = true;

    /// <summary>The default customer's address as shown in the field; empty: none.</summary>
    public string DefaultCustomer { get; private set; } = "";

    public string ChartSvg { get; private set; } = "";

    public int NotHandledCount { get; private set; }

    /// <summary>The long check (an initial sync) running now, wherever it runs; null when none does.</summary>
    internal MonitorProgress? Progress { get; private set; }

    public string? Notice { get; private set; }

    public static IReadOnlyCollection<string> SettingsFields { get; } =
        [
            MonitorSettingsChange.FolderField, MonitorSettingsChange.IntervalField, MonitorSettingsChange.PostActionField, MonitorSettingsChange.EnableField,
            MonitorSettingsChange.DefaultCustomerField, "phrase", "in", "match",
        ];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Notice = TempData["Notice"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var form = Request.Form;
        Folder = form["folder"].ToString();
        Interval = form["interval"].ToString().Trim();
        PostActionKind = form["post-action"].ToString();
        MoveFolder = form["move-folder"].ToString();
        Enabled = form["enabled"].Any(v => v is "on" or "true");
        DefaultCustomer = form["default-customer"].ToString().Trim();

        var problems = new List<ValidationProblem>();
        int? seconds = null;
        if (int.TryParse(Interval, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            seconds = parsed;
        }
        else
        {
            problems.Add(new(MonitorSettingsChange.IntervalField, $"give a number of seconds from 1 to 86400, not '{Interval}'"));
        }

        var postAction = PostActionKind == "move" ? "move:" + MoveFolder.Trim() : PostActionKind;
        var warnings = new List<ValidationProblem>();
        // An empty field is the page's way of saying "no default customer".
        var defaultCustomer = DefaultCustomer.Length == 0 ? MonitorSettingsChange.NoDefaultCustomer : DefaultCustomer;
        var settings = await new MonitorSettingsChange(Folder, postAction, seconds, Enabled, !Enabled, defaultCustomer)
            .ApplyToAsync(Account, Monitor, customers, problems, warnings, cancellationToken);
        if (problems.Count > 0)
        {
            Errors.Add(problems);
            return Page();
        }

        var created = Monitor is null;
        await monitors.SaveAsync(settings, cancellationToken);
        TempData["Notice"] = string.Join(" ", [created ? "Monitor set up." : "Saved.", .. warnings.Select(w => $"Note: {w.Message}.")]);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostMoveAsync(long id, long itemId, string direction, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Monitor is null)
        {
            return NotFound();
        }

        var index = Items.ToList().FindIndex(i => i.Id == itemId);
        if (index < 0)
        {
            return NotFound();
        }

        // Positions are 1-based among the administrator's items; Skip and Default never move.
        var to = direction == "up" ? index : index + 2;
        await monitors.MoveItemAsync(Monitor.Id, itemId, to, cancellationToken);
        TempData["Notice"] = $"Moved '{Items[index].Name}' {(direction == "up" ? "up" : "down")}.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteItemAsync(long id, long itemId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Monitor is null)
        {
            return NotFound();
        }

        var item = Items.FirstOrDefault(i => i.Id == itemId);
        if (item is null || !await monitors.DeleteItemAsync(Monitor.Id, itemId, cancellationToken))
        {
            return NotFound();
        }

        TempData["Notice"] = $"Deleted '{item.Name}'.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostAddSkipAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Monitor is null)
        {
            return NotFound();
        }

        var form = Request.Form;
        var problems = new List<ValidationProblem>();
        var phrase = form["phrase"].ToString();
        if (!MonitorItemJson.TryParse(MonitorItemJson.Fields, form["in"], out var field))
        {
            problems.Add(new("in", "choose subject, body, from, to or cc"));
        }

        if (!MonitorItemJson.TryParse(MonitorItemJson.SkipPositions, form["match"], out var position))
        {
            problems.Add(new("match", "choose anywhere, begins-with or ends-with"));
        }

        var rule = new SkipRule(phrase, field, position);
        if (problems.Count == 0)
        {
            problems.AddRange(rule.Validate().Select(p => p with { Field = p.Field switch { "field" => "in", "position" => "match", _ => p.Field } }));
        }

        if (problems.Count > 0)
        {
            Errors.Add(problems);
            return Page();
        }

        await monitors.AddSkipRuleAsync(Monitor.Id, MonitorItemJson.WriteSkipRule(rule), cancellationToken);
        TempData["Notice"] = "Skip rule added.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteSkipAsync(long id, long ruleId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Monitor is null || !await monitors.DeleteSkipRuleAsync(Monitor.Id, ruleId, cancellationToken))
        {
            return NotFound();
        }

        TempData["Notice"] = "Skip rule deleted.";
        return RedirectToPage(new { id });
    }

    /// <summary>A line saying what an item checks and does.</summary>
    public static string Describe(MonitorItem item)
    {
        var when = item.Conditions.Select(c => $"{MonitorItemJson.Name(c.Field)} {MonitorItemJson.Name(c.Operator)} \"{c.Value}\"").ToList();
        if (item.Record != RecordState.Any)
        {
            when.Add(item.Record == RecordState.Found ? $"a record was found{(item.RecordStatus is null ? "" : $" with status {MonitorItemJson.StatusName(item.RecordStatus)}")}" : "no record was found");
        }

        if (item.RequireCustomer)
        {
            when.Add("the sender is a known customer");
        }

        var does = item.Actions.Select(a => a switch
        {
            AttachAsHistoryAction h => h.AlsoToCustomer ? "attach as history (also to the customer)" : "attach as history",
            ImportAttachmentsAction => "import attachments",
            CreateRecordAction c => $"create {c.RecordType}",
            UpdateRecordAction u => u.Status is null ? "update the record" : $"set the record's status to {MonitorItemJson.StatusName(u.Status)}",
            _ => a.GetType().Name,
        });
        return $"When {(when.Count == 0 ? "any mail" : string.Join(" and ", when))}: {string.Join(", ", does)}.";
    }

    /// <summary>What an item checks and does, or why it cannot be read (written by hand with the command).</summary>
    public static string Describe(string name, string? definition, MonitorItemKind kind) =>
        MonitorItemJson.TryRead(name, definition, kind, out var problem) is { } item ? Describe(item) : $"Cannot be read: {problem}";

    private static SkipRule? ReadSkipRule(string definition, out string? problem)
    {
        try
        {
            problem = null;
            return MonitorItemDefinition.ParseSkipRule(definition);
        }
        catch (ValidationException e)
        {
            problem = string.Join("; ", e.Problems.Select(p => p.ToString()));
            return null;
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            Account = await accounts.GetAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return false;
        }

        if (Account.Owner is not null)
        {
            return false;
        }

        Monitor = await monitors.FindByAccountAsync(Account.Id, cancellationToken);
        if (Monitor is { } m)
        {
            Folder = m.Folder;
            Interval = m.IntervalSeconds.ToString(CultureInfo.InvariantCulture);
            Enabled = m.Enabled;
            var action = Account.Type == AccountType.Pop3 ? "delete" : m.PostAction;
            PostActionKind = action.StartsWith("move:", StringComparison.Ordinal) ? "move" : action;
            MoveFolder = PostActionKind == "move" ? action["move:".Length..] : "";
            DefaultCustomer = m.DefaultCustomerAddress ?? "";
            Items = await monitors.ListItemsAsync(m.Id, cancellationToken);
            SkipRules = (await monitors.ListSkipRulesAsync(m.Id, cancellationToken)).Select(r => (r.Id, ReadSkipRule(r.Definition, out var problem), problem)).ToList();
            var now = time.GetUtcNow();
            var hourly = await messages.CountPerHourAsync(Account.Id, MonitorChart.Start(now).ToUnixTimeMilliseconds(), cancellationToken);
            ChartSvg = MonitorChart.Svg(MonitorChart.Count(hourly, now), now);
            NotHandledCount = (await messages.ListNotHandledAsync(Account.Id, 1000, cancellationToken)).Count;
            Progress = await monitors.FindRunningProgressAsync(Account.Id, cancellationToken) is { } running
                ? MonitorProgressRecorder.FromRow(running, Account.Name)
                : null;
        }
        else if (Account.Type == AccountType.Pop3)
        {
            PostActionKind = "delete";
        }

        return true;
    }
}
