using System.Text.Json.Nodes;
using Mailroom.Core.Records;
using Mailroom.Core.Validation;

namespace Mailroom.Core.Monitor;

/// <summary>
/// Writes an item and a skip rule as the JSON that <see cref="MonitorItemDefinition"/> reads (the filer, the item
/// editor, the API and <c>monitor items add</c> all read it through there), and the names the editor offers: the
/// format's writer sits beside its one reader, so a field added to one is seen missing in the other.
/// </summary>
public static class MonitorItemJson
{
    public static readonly IReadOnlyList<(MailField Field, string Name)> Fields =
    [
        (MailField.From, "from"), (MailField.FromName, "from-name"), (MailField.FromAddress, "from-address"), (MailField.To, "to"),
        (MailField.Cc, "cc"), (MailField.Subject, "subject"), (MailField.Body, "body"), (MailField.SubjectAndBody, "subject-and-body"),
    ];

    public static readonly IReadOnlyList<(ConditionOperator Operator, string Name)> Operators =
    [
        (ConditionOperator.Contains, "contains"), (ConditionOperator.Equals, "equals"), (ConditionOperator.BeginsWith, "begins-with"),
        (ConditionOperator.EndsWith, "ends-with"), (ConditionOperator.Regex, "regex"),
    ];

    public static readonly IReadOnlyList<(RecordState State, string Name)> RecordStates =
        [(RecordState.Any, "any"), (RecordState.Found, "found"), (RecordState.NotFound, "not-found")];

    public static readonly IReadOnlyList<(SkipPosition Position, string Name)> SkipPositions =
        [(SkipPosition.Anywhere, "anywhere"), (SkipPosition.BeginsWith, "begins-with"), (SkipPosition.EndsWith, "ends-with")];

    public static readonly IReadOnlyList<(RecordNumberMode Mode, string Name)> RecordNumberModes =
        [(RecordNumberMode.FirstNumber, "first-number"), (RecordNumberMode.NumberAtEnd, "number-at-end"), (RecordNumberMode.AfterTerm, "after-term")];

    /// <summary>The record statuses an item may require or set, as the API and the command write them.</summary>
    public static readonly IReadOnlyList<string> Statuses = RecordStatusText.All;

    public static string Name(MailField field) => Fields.First(f => f.Field == field).Name;

    public static string Name(ConditionOperator op) => Operators.First(o => o.Operator == op).Name;

    public static string Name(SkipPosition position) => SkipPositions.First(p => p.Position == position).Name;

    /// <summary>A stored status ("InProgress") as the editor names it ("in-progress").</summary>
    public static string? StatusName(string? status) =>
        status is null ? null : RecordStatusText.TryParse(status, out var s) ? RecordStatusText.Of(s) : status;

    /// <summary>A field value as Core stores it ("InProgress", "High") as the editor writes it ("in-progress", "high").</summary>
    public static string FieldValueName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return string.Concat(value.Select((c, i) => char.IsUpper(c) && i > 0 && char.IsLower(value[i - 1]) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }

    public static bool TryParse<T>(IReadOnlyList<(T Value, string Name)> names, string? text, out T value)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var (v, n) in names)
        {
            if (string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>The stored item, or null with the reason when it cannot be read (written by hand with the command).</summary>
    public static MonitorItem? TryRead(string name, string? definition, MonitorItemKind kind, out string? problem)
    {
        try
        {
            problem = null;
            return MonitorItemDefinition.Parse(name, definition, kind);
        }
        catch (ValidationException e)
        {
            problem = string.Join("; ", e.Problems.Select(p => p.ToString()));
            return null;
        }
    }

    /// <summary>The definition JSON of <paramref name="item"/> (its name is stored in its own column).</summary>
    public static string Write(MonitorItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var actions = new JsonArray();
        foreach (var action in item.Actions)
        {
            actions.Add(action switch
            {
                AttachAsHistoryAction a => new JsonObject { ["type"] = "attach", ["also-to-customer"] = a.AlsoToCustomer },
                ImportAttachmentsAction i => WithoutNulls(new JsonObject
                {
                    ["type"] = "import-attachments", ["max-bytes"] = i.MaxBytes, ["keep-inline-images"] = i.KeepInlineImages,
                    ["blocked-extensions"] = i.BlockedExtensions is null ? null : new JsonArray([.. i.BlockedExtensions.Select(e => (JsonNode)e)]),
                }),
                CreateRecordAction c => WithoutNulls(new JsonObject { ["type"] = "create-record", ["record-type"] = c.RecordType, ["fields"] = Dictionary(c.Fields) }),
                UpdateRecordAction u => WithoutNulls(new JsonObject { ["type"] = "update-record", ["status"] = StatusName(u.Status), ["fields"] = Dictionary(u.Fields) }),
                _ => throw new ArgumentException($"The action {action.GetType().Name} has no JSON form.", nameof(item)),
            });
        }

        var f = item.Finding;
        return WithoutNulls(new JsonObject
        {
            ["conditions"] = new JsonArray([.. item.Conditions.Select(c => (JsonNode)new JsonObject
            {
                ["field"] = Name(c.Field), ["operator"] = Name(c.Operator), ["value"] = c.Value,
            })]),
            ["record"] = RecordStates.First(s => s.State == item.Record).Name,
            ["record-status"] = StatusName(item.RecordStatus),
            ["require-customer"] = item.RequireCustomer,
            ["reopen-resolved"] = item.ReopenResolved,
            ["follow-up-closed"] = item.FollowUpClosed,
            ["finding"] = new JsonObject
            {
                ["conversation-id"] = f.ByConversationId,
                ["reply-headers"] = f.ByReplyHeaders,
                ["subject"] = f.BySubject,
                ["record-number"] = f.ByRecordNumber,
                ["record-number-mode"] = RecordNumberModes.First(m => m.Mode == f.RecordNumberMode).Name,
                ["record-number-term"] = f.RecordNumberTerm,
                ["subject-minimum-length"] = f.SubjectMinimumLength,
            },
            ["actions"] = actions,
        }).ToJsonString();
    }

    /// <summary>A skip rule as <c>monitor skip add</c> stores it: <c>{"phrase":…,"part":"subject","match":"anywhere"}</c>.</summary>
    public static string WriteSkipRule(SkipRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new JsonObject { ["phrase"] = rule.Phrase.Trim(), ["part"] = Name(rule.Field), ["match"] = Name(rule.Position) }.ToJsonString();
    }

    private static JsonObject WithoutNulls(JsonObject o)
    {
        foreach (var key in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            o.Remove(key);
        }

        return o;
    }

    private static JsonObject? Dictionary(IReadOnlyDictionary<string, string>? values) =>
        values is null || values.Count == 0 ? null : new JsonObject(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
}
