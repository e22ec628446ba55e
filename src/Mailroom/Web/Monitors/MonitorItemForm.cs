using System.Globalization;
using System.Text.RegularExpressions;
using Mailroom.Core.Monitor;
using Mailroom.Core.Records;
using Mailroom.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Mailroom.Web.Monitors;

/// <summary>
/// Reads the item editor's form into a <see cref="MonitorItem"/>, each problem named by the input it belongs to (the
/// input's name is its field), and maps the problems Core finds in the written JSON back to those inputs.
/// </summary>
internal static partial class MonitorItemForm
{
    /// <summary>Largest attachment size an item may allow; a message above 50 MB is not parsed anyway.</summary>
    private const decimal MaxSizeLimitMb = 1024;

    /// <summary>The actions' order inputs, in the default order (create, update, attach, import) the page offers them.</summary>
    public static IReadOnlyList<string> OrderInputs { get; } = ["create-order", "update-order", "attach-order", "import-order"];

    /// <summary>An action's place in the default order, its index in <see cref="OrderInputs"/>.</summary>
    public static int DefaultIndex(MonitorAction action) => action switch
    {
        CreateRecordAction => 0,
        UpdateRecordAction => 1,
        AttachAsHistoryAction => 2,
        _ => 3,
    };

    /// <summary>
    /// Whether the item has two actions of one type (only the command writes such items): the page shows one of each
    /// and so cannot save it without dropping one.
    /// </summary>
    public static bool HasRepeatedActions(MonitorItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Actions.GroupBy(a => a.GetType()).Any(g => g.Count() > 1);
    }

    public static MonitorItem Parse(IFormCollection form, bool isDefault, List<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(problems);
        // Each action is run in the order its number gives (the first failure stops the rest); equal numbers keep
        // the default order, so an item the command wrote in another order is saved in that order.
        var actions = new List<(MonitorAction Action, int Order)>();
        if (Checked(form, "create-record"))
        {
            actions.Add((new CreateRecordAction(RecordType(form, problems), Fields(form, "create-fields", problems)), Order(form, 0, problems)));
        }

        if (Checked(form, "update-record"))
        {
            actions.Add((new UpdateRecordAction(Status(form, "update-status", problems), Fields(form, "update-fields", problems)), Order(form, 1, problems)));
        }

        if (Checked(form, "attach-history"))
        {
            actions.Add((new AttachAsHistoryAction(Checked(form, "also-to-customer")), Order(form, 2, problems)));
        }

        if (Checked(form, "import-attachments"))
        {
            actions.Add((new ImportAttachmentsAction(MaxBytes(form, problems), BlockedTypesChoice.Read(form, problems), Checked(form, "keep-inline-images")), Order(form, 3, problems)));
        }

        var ordered = actions.OrderBy(a => a.Order).ThenBy(a => DefaultIndex(a.Action)).Select(a => a.Action).ToList();
        var finding = Finding(form, problems);
        if (isDefault)
        {
            // The Default item runs when nothing else matched: it has no conditions to read.
            return MonitorItem.NewDefault() with { Finding = finding, Actions = ordered, ReopenResolved = Checked(form, "reopen-resolved"), FollowUpClosed = Checked(form, "follow-up-closed") };
        }

        if (!MonitorItemJson.TryParse(MonitorItemJson.RecordStates, form["record"], out var record))
        {
            problems.Add(new("record", "choose any, found or not-found"));
        }

        return new MonitorItem
        {
            Name = form["name"].ToString(),
            Conditions = Conditions(form, problems),
            Record = record,
            RecordStatus = record == RecordState.Found ? Status(form, "record-status", problems) : null,
            RequireCustomer = Checked(form, "require-customer"),
            ReopenResolved = Checked(form, "reopen-resolved"),
            FollowUpClosed = Checked(form, "follow-up-closed"),
            Finding = finding,
            Actions = ordered,
        };
    }

    /// <summary>
    /// The input a problem of the written definition belongs to: "finding.subject-minimum-length" to
    /// "subject-minimum-length", "actions[2].max-bytes" to "max-size" when the third action imports attachments.
    /// </summary>
    public static string FieldOf(string field, MonitorItem item)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(item);
        var f = field.StartsWith("definition.", StringComparison.Ordinal) ? field["definition.".Length..] : field;
        if (f.StartsWith("finding.", StringComparison.Ordinal))
        {
            return f["finding.".Length..];
        }

        if (ActionField().Match(f) is { Success: true } m
            && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < item.Actions.Count)
        {
            var property = m.Groups[2].Value;
            return (item.Actions[i], property) switch
            {
                (CreateRecordAction, "record-type") => "record-type",
                (CreateRecordAction, _) => "create-fields",
                (UpdateRecordAction, "fields") => "update-fields",
                (UpdateRecordAction, _) => "update-status",
                (ImportAttachmentsAction, "max-bytes") => "max-size",
                (ImportAttachmentsAction, "blocked-extensions") => "blocked-extensions",
                _ => "actions",
            };
        }

        return f;
    }

    private static List<Condition> Conditions(IFormCollection form, List<ValidationProblem> problems)
    {
        var conditions = new List<Condition>();
        for (var i = 0; i < Pages.Monitors.MonitorItemModel.ConditionRows; i++)
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

        return conditions;
    }

    private static RecordFinding Finding(IFormCollection form, List<ValidationProblem> problems)
    {
        if (!MonitorItemJson.TryParse(MonitorItemJson.RecordNumberModes, form["record-number-mode"], out var mode))
        {
            problems.Add(new("record-number-mode", "choose first-number, number-at-end or after-term"));
            mode = RecordFinding.Default.RecordNumberMode;
        }

        var term = form["record-number-term"].ToString().Trim();
        if (term.Length > 50 || term.Any(char.IsControl))
        {
            problems.Add(new("record-number-term", "give a term of at most 50 characters, e.g. Incident"));
        }

        // Core checks the range (0-1000); a text that is no number at all is the form's to name.
        var minimum = RecordFinding.Default.SubjectMinimumLength;
        var typed = form["subject-minimum-length"].ToString().Trim();
        if (typed.Length > 0 && !int.TryParse(typed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out minimum))
        {
            problems.Add(new("subject-minimum-length", "give a whole number of characters, 0-1000"));
            minimum = RecordFinding.Default.SubjectMinimumLength;
        }

        return new RecordFinding
        {
            ByConversationId = Checked(form, "find-conversation-id"),
            ByReplyHeaders = Checked(form, "find-reply-headers"),
            BySubject = Checked(form, "find-subject"),
            ByRecordNumber = Checked(form, "find-record-number"),
            RecordNumberMode = mode,
            RecordNumberTerm = term,
            SubjectMinimumLength = minimum,
        };
    }

    private static string RecordType(IFormCollection form, List<ValidationProblem> problems)
    {
        var type = form["record-type"].ToString().Trim();
        if (type.Length == 0)
        {
            return "Incident";
        }

        if (type.Length > 50 || !type.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_'))
        {
            problems.Add(new("record-type", "give a type of at most 50 letters, digits, spaces or dashes, e.g. Incident"));
        }

        return type;
    }

    /// <summary>"priority=high" lines; the names and values are Core's to check when it reads the JSON.</summary>
    private static Dictionary<string, string>? Fields(IFormCollection form, string input, List<ValidationProblem> problems)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lines = form[input].ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var equals = lines[i].IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? lines[i][..equals].Trim() : "";
            var value = equals > 0 ? lines[i][(equals + 1)..].Trim() : "";
            if (name.Length == 0 || value.Length == 0)
            {
                problems.Add(new(input, $"line {i + 1} ('{lines[i]}'): write one field a line as name=value, e.g. priority=high"));
            }
            else if (!fields.TryAdd(name, value))
            {
                problems.Add(new(input, $"line {i + 1}: '{name}' is set twice"));
            }
        }

        return fields.Count == 0 ? null : fields;
    }

    private static long MaxBytes(IFormCollection form, List<ValidationProblem> problems)
    {
        var typed = form["max-size"].ToString().Trim();
        if (typed.Length == 0)
        {
            return ImportAttachmentsAction.DefaultMaxBytes;
        }

        if (!decimal.TryParse(typed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mb) || mb <= 0 || mb > MaxSizeLimitMb)
        {
            problems.Add(new("max-size", $"give a size in MB above 0 and at most {MaxSizeLimitMb}, e.g. 25 or 0.5"));
            return ImportAttachmentsAction.DefaultMaxBytes;
        }

        return (long)Math.Round(mb * 1024 * 1024);
    }

    private static string? Status(IFormCollection form, string name, List<ValidationProblem> problems)
    {
        var text = form[name].ToString().Trim();
        if (text.Length == 0)
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

    /// <summary>An action's order number as typed; blank keeps its place in the default order.</summary>
    private static int Order(IFormCollection form, int index, List<ValidationProblem> problems)
    {
        var input = OrderInputs[index];
        var typed = form[input].ToString().Trim();
        if (typed.Length == 0)
        {
            return index + 1;
        }

        if (!int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var order) || order is < 1 or > 99)
        {
            problems.Add(new(input, "give a whole number from 1 to 99 (1 runs first)"));
            return index + 1;
        }

        return order;
    }

    private static bool Checked(IFormCollection form, string name) => form[name].Any(v => v is "on" or "true");

    [GeneratedRegex(@"^actions\[(\d+)\]\.([a-z-]+)")]
    private static partial Regex ActionField();
}
