using System.Globalization;
using Mailroom.Core.Monitor;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Mailroom.Web;
using Mailroom.Web.Monitors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Monitors;

/// <summary>
/// Adds or edits one of the administrator's items (conditions, the record and customer conditions, how the record is
/// found, actions), or the fixed Default item's settings (how it finds the record, its actions). The form becomes
/// Core's <see cref="MonitorItem"/>, is written as the JSON <c>monitor items</c> stores and read back by
/// <see cref="MonitorItemDefinition.Parse"/>, the filer's one reader: what is saved is what runs.
/// </summary>
public sealed class MonitorItemModel(AccountStore accounts, MonitorStore monitors) : PageModel
{
    /// <summary>Condition rows the form offers (filled ones plus blank ones to add).</summary>
    public const int ConditionRows = 4;

    /// <summary>The route's item for the Default item (Skip has no editor: its rules are on the monitor's page).</summary>
    public const string DefaultKey = "default";

    public string AccountName { get; private set; } = "";

    public long AccountId { get; private set; }

    public long? ItemId { get; private set; }

    /// <summary>Whether this is the fixed Default item: finding and actions only, no name, no conditions.</summary>
    public bool IsDefault { get; private set; }

    /// <summary>
    /// Whether the stored item has two actions of one type (written by the command): the form shows one of each, so
    /// the page refuses to save it rather than drop one.
    /// </summary>
    public bool HasRepeatedActions { get; private set; }

    public MonitorItem Item { get; private set; } = new() { Name = "", Actions = [new AttachAsHistoryAction()] };

    /// <summary>The form's text fields as typed (numbers and lists), shown again as typed when they have a problem.</summary>
    public MonitorItemFormText Text { get; private set; } = MonitorItemFormText.Of(new MonitorItem { Name = "" });

    public FieldErrors Errors { get; } = new();

    public static IReadOnlyCollection<string> FieldsOnPage { get; } = BuildFields();

    public async Task<IActionResult> OnGetAsync(long id, string item, CancellationToken cancellationToken)
    {
        var monitor = await LoadAsync(id, item, cancellationToken);
        return monitor is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string item, CancellationToken cancellationToken)
    {
        var monitor = await LoadAsync(id, item, cancellationToken);
        if (monitor is null)
        {
            return NotFound();
        }

        if (HasRepeatedActions)
        {
            Errors.Add([new ValidationProblem("actions", "not saved: this item repeats an action, which only `mailroom monitor items edit` can change")]);
            return Page();
        }

        var problems = new List<ValidationProblem>();
        Text = MonitorItemFormText.Read(Request.Form);
        Item = MonitorItemForm.Parse(Request.Form, IsDefault, problems);
        problems.AddRange(Item.Validate().Where(p => p.Field != "name" && !p.Field.StartsWith("conditions[", StringComparison.Ordinal)));
        var definition = MonitorItemJson.Write(Item);
        try
        {
            // The command's name rules, and Core's reading of the JSON written: what is saved is what the filer runs.
            await MonitorItemRules.ValidateAsync(monitors, monitor.Id, IsDefault ? null : Item.Name, definition, ItemId, cancellationToken);
        }
        catch (ValidationException e)
        {
            // Problems of the definition repeat the ones found above by field; they stand alone only if none were.
            var definitionProblems = problems.Count == 0;
            problems.AddRange(e.Problems
                .Where(p => p.Field == "name" || definitionProblems)
                .Select(p => p with { Field = MonitorItemForm.FieldOf(p.Field, Item) }));
        }

        if (problems.Count > 0)
        {
            Errors.Add(problems);
            return Page();
        }

        if (IsDefault)
        {
            monitor.DefaultItem = definition;
            await monitors.SaveAsync(monitor, cancellationToken);
            TempData["Notice"] = "Default item saved.";
        }
        else if (ItemId is { } existing)
        {
            await monitors.UpdateItemAsync(monitor.Id, existing, Item.Name.Trim(), definition, cancellationToken);
            TempData["Notice"] = $"Item '{Item.Name.Trim()}' saved.";
        }
        else
        {
            await monitors.AddItemAsync(monitor.Id, Item.Name.Trim(), definition, null, cancellationToken);
            TempData["Notice"] = $"Item '{Item.Name.Trim()}' saved.";
        }

        return RedirectToPage("/Monitors/Account", new { id });
    }

    private async Task<MonitorSettings?> LoadAsync(long id, string item, CancellationToken cancellationToken)
    {
        try
        {
            var account = await accounts.GetAsync(id, cancellationToken);
            AccountName = account.Name;
            AccountId = account.Id;
        }
        catch (NotFoundException)
        {
            return null;
        }

        var monitor = await monitors.FindByAccountAsync(id, cancellationToken);
        if (monitor is null)
        {
            return null;
        }

        if (item == "new")
        {
            return monitor;
        }

        string name;
        string? definition;
        if (string.Equals(item, DefaultKey, StringComparison.OrdinalIgnoreCase))
        {
            IsDefault = true;
            (name, definition) = ("Default", monitor.DefaultItem);
        }
        else if (long.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId)
            && (await monitors.ListItemsAsync(monitor.Id, cancellationToken)).FirstOrDefault(r => r.Id == itemId) is { } row)
        {
            ItemId = row.Id;
            (name, definition) = (row.Name, row.Definition);
        }
        else
        {
            return null;
        }

        var kind = IsDefault ? MonitorItemKind.Default : MonitorItemKind.Custom;
        Item = MonitorItemJson.TryRead(name, definition, kind, out var problem)
            ?? (IsDefault ? MonitorItem.NewDefault() : new MonitorItem { Name = name });
        Text = MonitorItemFormText.Of(Item);
        HasRepeatedActions = MonitorItemForm.HasRepeatedActions(Item);
        if (problem is not null)
        {
            Errors.Add([new ValidationProblem("definition", $"the stored item cannot be read ({problem}); saving replaces it")]);
        }

        return monitor;
    }

    private static IReadOnlyCollection<string> BuildFields()
    {
        var fields = new List<string>
        {
            "name", "record", "record-status", "update-status", "actions", "record-number-mode", "record-number-term",
            "subject-minimum-length", "record-type", "create-fields", "update-fields", "max-size", "blocked-extensions",
        };
        fields.AddRange(MonitorItemForm.OrderInputs);
        for (var i = 0; i < ConditionRows; i++)
        {
            fields.AddRange([$"conditions[{i}].field", $"conditions[{i}].operator", $"conditions[{i}].value"]);
        }

        return fields;
    }
}
