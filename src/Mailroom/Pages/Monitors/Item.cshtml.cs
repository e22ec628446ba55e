using System.Globalization;
using Mailroom.Commands;
using Mailroom.Core.Monitor;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Core.Records;
using Mailroom.Web;
using Mailroom.Web.Monitors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Monitors;

/// <summary>
/// Adds or edits one of the administrator's items: conditions, the record condition, and actions, as Core's
/// <see cref="MonitorItem"/>, checked by its own validation and the name rules of <c>monitor items add</c>.
/// </summary>
public sealed class MonitorItemModel(AccountStore accounts, MonitorStore monitors) : PageModel
{
    /// <summary>Condition rows the form offers (filled ones plus blank ones to add).</summary>
    public const int ConditionRows = 4;

    public string AccountName { get; private set; } = "";

    public long AccountId { get; private set; }

    public long? ItemId { get; private set; }

    public MonitorItem Item { get; private set; } = new() { Name = "", Actions = [new AttachAsHistoryAction()] };

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

        var problems = new List<ValidationProblem>();
        Item = Parse(Request.Form, problems);
        problems.AddRange(Item.Validate().Where(p => p.Field != "name" && !p.Field.StartsWith("conditions[", StringComparison.Ordinal)));
        var definition = MonitorItemJson.Write(Item);
        try
        {
            // The command's name rules, and Core's reading of the JSON written: what is saved is what the filer runs.
            await MonitorItemsCommand.ValidateAsync(monitors, monitor.Id, Item.Name, definition, ItemId, cancellationToken);
        }
        catch (ValidationException e)
        {
            // Problems of the definition repeat the ones found above by row; they stand alone only if none were.
            var definitionProblems = problems.Count == 0;
            problems.AddRange(e.Problems
                .Where(p => p.Field == "name" || definitionProblems)
                .Select(p => p with { Field = p.Field.StartsWith("definition.", StringComparison.Ordinal) ? p.Field["definition.".Length..] : p.Field }));
        }

        if (problems.Count > 0)
        {
            Errors.Add(problems);
            return Page();
        }

        if (ItemId is { } existing)
        {
            await monitors.UpdateItemAsync(monitor.Id, existing, Item.Name.Trim(), definition, cancellationToken);
        }
        else
        {
            await monitors.AddItemAsync(monitor.Id, Item.Name.Trim(), definition, null, cancellationToken);
        }

        TempData["Notice"] = $"Item '{Item.Name.Trim()}' saved.";
        return RedirectToPage("/Monitors/Account", new { id });
    }

    private static MonitorItem Parse(IFormCollection form, List<ValidationProblem> problems)
    {
        var conditions = new List<Condition>();
        for (var i = 0; i < ConditionRows; i++)
        {
            var value = form[$"conditions[{i}].value"].ToString();
            if (value.Length == 0)
            {
                continue;
            }

            if (!MonitorItemJson.TryParse(MonitorItemJson.Fields, form[$"conditions[{i}].field"], out var field))
            {
                problems.Add(new($"conditions[{i}].field", "choose a field"));
                continue;
            }

            if (!MonitorItemJson.TryParse(MonitorItemJson.Operators, form[$"conditions[{i}].operator"], out var op))
            {
                problems.Add(new($"conditions[{i}].operator", "choose an operator"));
                continue;
            }

            // Checked here, by the row the administrator filled in (the item's own check counts only filled rows).
            var condition = new Condition(field, op, value);
            problems.AddRange(condition.Validate().Select(p => p with { Field = $"conditions[{i}].{p.Field}" }));
            conditions.Add(condition);
        }

        var actions = new List<MonitorAction>();
        if (Checked(form, "create-record"))
        {
            actions.Add(new CreateRecordAction(Text(form, "record-type") ?? "Incident"));
        }

        if (Checked(form, "update-record"))
        {
            actions.Add(new UpdateRecordAction(Status(form, "update-status", problems)));
        }

        if (Checked(form, "attach-history"))
        {
            actions.Add(new AttachAsHistoryAction(Checked(form, "also-to-customer")));
        }

        if (Checked(form, "import-attachments"))
        {
            actions.Add(new ImportAttachmentsAction());
        }

        if (!MonitorItemJson.TryParse(MonitorItemJson.RecordStates, form["record"], out var record))
        {
            problems.Add(new("record", "choose any, found or not-found"));
        }

        return new MonitorItem
        {
            Name = form["name"].ToString(),
            Conditions = conditions,
            Record = record,
            RecordStatus = record == RecordState.Found ? Status(form, "record-status", problems) : null,
            RequireCustomer = Checked(form, "require-customer"),
            Actions = actions,
        };
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

        if (!long.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId))
        {
            return null;
        }

        var row = (await monitors.ListItemsAsync(monitor.Id, cancellationToken)).FirstOrDefault(r => r.Id == itemId);
        if (row is null)
        {
            return null;
        }

        ItemId = row.Id;
        Item = MonitorItemJson.TryRead(row.Name, row.Definition, MonitorItemKind.Custom, out var problem)
            ?? new MonitorItem { Name = row.Name };
        if (problem is not null)
        {
            Errors.Add([new ValidationProblem("definition", $"the stored item cannot be read ({problem}); saving replaces it")]);
        }

        return monitor;
    }

    private static IReadOnlyCollection<string> BuildFields()
    {
        var fields = new List<string> { "name", "record", "record-status", "update-status", "actions" };
        for (var i = 0; i < ConditionRows; i++)
        {
            fields.AddRange([$"conditions[{i}].field", $"conditions[{i}].operator", $"conditions[{i}].value"]);
        }

        return fields;
    }

    private static string? Status(IFormCollection form, string name, List<ValidationProblem> problems)
    {
        var text = Text(form, name);
        if (text is null)
        {
            return null;
        }

        if (MonitorItemDefinition.ParseEnum<RecordStatus>(text) is { } status)
        {
            return status.ToString();
        }

        problems.Add(new(name, $"'{text}' is not one of {string.Join(", ", MonitorItemJson.Statuses)}"));
        return null;
    }

    private static bool Checked(IFormCollection form, string name) => form[name].Any(v => v is "on" or "true");

    private static string? Text(IFormCollection form, string name)
    {
        var value = form[name].ToString().Trim();
        return value.Length == 0 ? null : value;
    }
}
