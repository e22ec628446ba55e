using System.Globalization;
using System.Text.Json;
using Mailroom.Core.Validation;

namespace Mailroom.Core.Monitor;

/// <summary>
/// Reads the stored JSON of an item and of a skip rule into the Core model (the stores keep the JSON as given, the
/// command and the filer read it through here, so both agree on what it means). An item looks like:
/// <code>
/// {
///   "conditions": [ { "field": "subject", "operator": "contains", "value": "invoice" } ],
///   "record": "found",                       // any (default), found, not-found
///   "record-status": "resolved",             // with "found": the status the record must have
///   "require-customer": false,
///   "reopen-resolved": true,                 // mail filed on a resolved record reopens it (default true)
///   "follow-up-closed": true,                // mail for a closed record opens a new record following it up (default true)
///   "finding": { "conversation-id": true, "reply-headers": true, "subject": true, "record-number": false,
///                "record-number-mode": "after-term", "record-number-term": "Incident", "subject-minimum-length": 10 },
///   "actions": [ { "type": "update-record", "status": "in-progress" }, { "type": "attach", "also-to-customer": true },
///                { "type": "import-attachments", "max-bytes": 10485760, "blocked-extensions": [".exe"] },
///                { "type": "create-record", "record-type": "Incident", "fields": { "priority": "high" } } ]
/// }
/// </code>
/// A skip rule is <c>{ "phrase": "newsletter", "part": "subject", "match": "begins-with" }</c>.
/// </summary>
public static class MonitorItemDefinition
{
    /// <summary>Reads an administrator's item (or the Default item's settings when <paramref name="kind"/> is Default).</summary>
    /// <exception cref="ValidationException">The JSON is not an object, a value has the wrong type or is unknown, or the item is invalid.</exception>
    public static MonitorItem Parse(string name, string? json, MonitorItemKind kind = MonitorItemKind.Custom)
    {
        if (kind == MonitorItemKind.Default && string.IsNullOrWhiteSpace(json))
        {
            return MonitorItem.NewDefault();
        }

        var problems = new List<ValidationProblem>();
        using var document = ParseObject(json, problems);
        if (document is null)
        {
            throw new ValidationException(problems);
        }

        var root = document.RootElement;
        var defaults = kind == MonitorItemKind.Default ? MonitorItem.NewDefault() : null;
        var item = new MonitorItem
        {
            Name = name,
            Kind = kind,
            Conditions = ReadConditions(root, problems),
            Record = ReadEnum(root, "record", RecordState.Any, problems),
            RecordStatus = ReadStatus(root, "record-status", problems)?.ToString(),
            RequireCustomer = ReadBool(root, "require-customer", false, problems),
            Finding = ReadFinding(root, problems),
            ReopenResolved = ReadBool(root, "reopen-resolved", true, problems),
            FollowUpClosed = ReadBool(root, "follow-up-closed", true, problems),
            Actions = root.TryGetProperty("actions", out _) || defaults is null ? ReadActions(root, problems) : defaults.Actions,
        };
        problems.AddRange(item.Validate());
        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        return item;
    }

    /// <summary>Reads a skip rule.</summary>
    /// <exception cref="ValidationException">The JSON is not an object or the rule is invalid.</exception>
    public static SkipRule ParseSkipRule(string? json)
    {
        var problems = new List<ValidationProblem>();
        using var document = ParseObject(json, problems);
        if (document is null)
        {
            throw new ValidationException(problems);
        }

        var root = document.RootElement;
        var rule = new SkipRule(
            ReadString(root, "phrase", problems) ?? string.Empty,
            ReadEnum(root, "part", MailField.Subject, problems),
            ReadEnum(root, "match", SkipPosition.Anywhere, problems));
        problems.AddRange(rule.Validate());
        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        return rule;
    }

    private static JsonDocument? ParseObject(string? json, List<ValidationProblem> problems)
    {
        try
        {
            var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException ex)
        {
            problems.Add(new("definition", $"is not valid JSON: {ex.Message}"));
            return null;
        }

        problems.Add(new("definition", "must be a JSON object, e.g. {\"conditions\":[],\"actions\":[{\"type\":\"attach\"}]}"));
        return null;
    }

    private static List<Condition> ReadConditions(JsonElement root, List<ValidationProblem> problems)
    {
        var conditions = new List<Condition>();
        if (!root.TryGetProperty("conditions", out var list))
        {
            return conditions;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new("conditions", "must be a list"));
            return conditions;
        }

        var i = 0;
        foreach (var element in list.EnumerateArray())
        {
            var before = problems.Count;
            if (element.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new($"conditions[{i}]", "must be an object with field, operator and value"));
            }
            else
            {
                var field = ReadEnum(element, "field", MailField.Subject, problems);
                var op = ReadEnum(element, "operator", ConditionOperator.Contains, problems);
                var value = ReadString(element, "value", problems) ?? string.Empty;
                if (problems.Count == before)
                {
                    // Checked here, not only by the item, so a problem names the condition's place in the JSON.
                    var condition = new Condition(field, op, value);
                    problems.AddRange(condition.Validate());
                    if (problems.Count == before)
                    {
                        conditions.Add(condition);
                    }
                }
            }

            for (var p = before; p < problems.Count; p++)
            {
                problems[p] = problems[p] with { Field = $"conditions[{i}].{problems[p].Field}" };
            }

            i++;
        }

        return conditions;
    }

    private static RecordFinding ReadFinding(JsonElement root, List<ValidationProblem> problems)
    {
        var finding = RecordFinding.Default;
        if (!root.TryGetProperty("finding", out var f))
        {
            return finding;
        }

        if (f.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("finding", "must be an object"));
            return finding;
        }

        var before = problems.Count;
        finding = new RecordFinding
        {
            ByConversationId = ReadBool(f, "conversation-id", finding.ByConversationId, problems),
            ByReplyHeaders = ReadBool(f, "reply-headers", finding.ByReplyHeaders, problems),
            BySubject = ReadBool(f, "subject", finding.BySubject, problems),
            ByRecordNumber = ReadBool(f, "record-number", finding.ByRecordNumber, problems),
            RecordNumberMode = ReadEnum(f, "record-number-mode", finding.RecordNumberMode, problems),
            RecordNumberTerm = ReadString(f, "record-number-term", problems) ?? finding.RecordNumberTerm,
            SubjectMinimumLength = ReadInt(f, "subject-minimum-length", finding.SubjectMinimumLength, problems),
        };
        for (var p = before; p < problems.Count; p++)
        {
            problems[p] = problems[p] with { Field = $"finding.{problems[p].Field}" };
        }

        return finding;
    }

    private static List<MonitorAction> ReadActions(JsonElement root, List<ValidationProblem> problems)
    {
        var actions = new List<MonitorAction>();
        if (!root.TryGetProperty("actions", out var list))
        {
            return actions;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new("actions", "must be a list"));
            return actions;
        }

        var i = 0;
        foreach (var a in list.EnumerateArray())
        {
            var before = problems.Count;
            var type = a.ValueKind == JsonValueKind.Object ? ReadString(a, "type", problems) : null;
            MonitorAction? action = Key(type) switch
            {
                "attach" or "attachashistory" => new AttachAsHistoryAction(ReadBool(a, "also-to-customer", false, problems)),
                "importattachments" => new ImportAttachmentsAction(
                    ReadLong(a, "max-bytes", ImportAttachmentsAction.DefaultMaxBytes, problems),
                    a.TryGetProperty("blocked-extensions", out _) ? ReadStrings(a, "blocked-extensions", problems) : null,
                    ReadBool(a, "keep-inline-images", true, problems)),
                "createrecord" => new CreateRecordAction(ReadString(a, "record-type", problems) ?? "Incident", ReadFields(a, problems)),
                "updaterecord" => new UpdateRecordAction(ReadStatus(a, "status", problems)?.ToString(), ReadFields(a, problems)),
                _ => null,
            };
            if (action is null && problems.Count == before)
            {
                problems.Add(new("type", "must be attach, import-attachments, create-record or update-record"));
            }

            if (action is not null && problems.Count == before)
            {
                actions.Add(action);
            }

            for (var p = before; p < problems.Count; p++)
            {
                problems[p] = problems[p] with { Field = $"actions[{i}].{problems[p].Field}" };
            }

            i++;
        }

        return actions;
    }

    private static Dictionary<string, string>? ReadFields(JsonElement element, List<ValidationProblem> problems)
    {
        if (!element.TryGetProperty("fields", out var fields))
        {
            return null;
        }

        if (fields.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("fields", "must be an object of field name and value"));
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in fields.EnumerateObject())
        {
            var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            switch (Key(property.Name))
            {
                case "priority" when ParseEnum<Records.RecordPriority>(value) is { } priority:
                    result["priority"] = priority.ToString();
                    break;
                case "status" when Records.RecordStatusText.TryParse(value, out var status):
                    result["status"] = status.ToString();
                    break;
                case "priority" or "status":
                    problems.Add(new($"fields.{property.Name}", $"'{value}' is not a {Key(property.Name)} (see mailroom records)"));
                    break;
                default:
                    problems.Add(new($"fields.{property.Name}", "is not a field an item can set (priority, status)"));
                    break;
            }
        }

        return result;
    }

    private static Records.RecordStatus? ReadStatus(JsonElement element, string property, List<ValidationProblem> problems)
    {
        var text = ReadString(element, property, problems);
        if (text is null)
        {
            return null;
        }

        if (!Records.RecordStatusText.TryParse(text, out var status))
        {
            problems.Add(new(property, $"'{text}' is not one of {string.Join(", ", Records.RecordStatusText.All)}"));
            return null;
        }

        return status;
    }

    /// <summary>The enum value whose name is <paramref name="text"/> ignoring case, spaces and dashes, or null.</summary>
    public static T? ParseEnum<T>(string? text)
        where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => Key(v.ToString()) == Key(text));

    /// <summary>"begins-with", "BeginsWith" and "begins_with" are one name.</summary>
    private static string Key(string? text) =>
        text is null ? string.Empty : new string(text.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

    private static T ReadEnum<T>(JsonElement element, string property, T fallback, List<ValidationProblem> problems)
        where T : struct, Enum
    {
        var text = ReadString(element, property, problems);
        if (text is null)
        {
            return fallback;
        }

        foreach (var value in Enum.GetValues<T>())
        {
            if (Key(value.ToString()) == Key(text))
            {
                return value;
            }
        }

        var names = string.Join(", ", Enum.GetValues<T>().Select(v => Kebab(v.ToString())));
        problems.Add(new(property, $"'{text}' is not one of {names}"));
        return fallback;
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string? ReadString(JsonElement element, string property, List<ValidationProblem> problems)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new(property, "must be text"));
            return null;
        }

        return value.GetString();
    }

    private static IReadOnlyList<string> ReadStrings(JsonElement element, string property, List<ValidationProblem> problems)
    {
        var value = element.GetProperty(property);
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            problems.Add(new(property, "must be a list of texts"));
            return [];
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static bool ReadBool(JsonElement element, string property, bool fallback, List<ValidationProblem> problems)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            return fallback;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        problems.Add(new(property, "must be true or false"));
        return fallback;
    }

    private static int ReadInt(JsonElement element, string property, int fallback, List<ValidationProblem> problems)
    {
        var value = ReadLong(element, property, fallback, problems);
        if (value is < int.MinValue or > int.MaxValue)
        {
            problems.Add(new(property, "is out of range"));
            return fallback;
        }

        return (int)value;
    }

    private static long ReadLong(JsonElement element, string property, long fallback, List<ValidationProblem> problems)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            return fallback;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String
            && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        problems.Add(new(property, "must be a whole number"));
        return fallback;
    }
}
