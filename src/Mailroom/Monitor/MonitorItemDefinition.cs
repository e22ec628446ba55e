using System.Text.Json;
using System.Text.Json.Nodes;
using Mailroom.Core.Monitor;

namespace Mailroom.Monitor;

/// <summary>
/// The JSON an item's <c>definition</c> column (and <c>monitor items add --definition</c>) holds, written from and read
/// into Core's <see cref="MonitorItem"/>, and the skip rules' JSON as <c>monitor skip add</c> writes it. Names are the
/// command line's (kebab-case), for example
/// <c>{"conditions":[{"field":"subject","operator":"contains","value":"invoice"}],"record":"found","actions":[{"type":"attach-history"}]}</c>.
/// </summary>
internal static class MonitorItemDefinition
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

    public static string Name(MailField field) => Fields.First(f => f.Field == field).Name;

    public static string Name(ConditionOperator op) => Operators.First(o => o.Operator == op).Name;

    public static string Name(RecordState state) => RecordStates.First(s => s.State == state).Name;

    public static bool TryParseField(string? text, out MailField field) => TryParse(Fields, text, out field);

    public static bool TryParseOperator(string? text, out ConditionOperator op) => TryParse(Operators, text, out op);

    public static bool TryParseRecordState(string? text, out RecordState state) => TryParse(RecordStates, text, out state);

    /// <summary>The definition JSON of <paramref name="item"/> (its name is stored in its own column).</summary>
    public static string Write(MonitorItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var actions = new JsonArray();
        foreach (var action in item.Actions)
        {
            actions.Add(action switch
            {
                AttachAsHistoryAction a => new JsonObject { ["type"] = "attach-history", ["alsoToCustomer"] = a.AlsoToCustomer },
                ImportAttachmentsAction i => new JsonObject { ["type"] = "import-attachments", ["maxBytes"] = i.MaxBytes, ["keepInlineImages"] = i.KeepInlineImages },
                CreateRecordAction c => new JsonObject { ["type"] = "create-record", ["recordType"] = c.RecordType, ["fields"] = Dictionary(c.Fields) },
                UpdateRecordAction u => new JsonObject { ["type"] = "update-record", ["status"] = u.Status, ["fields"] = Dictionary(u.Fields) },
                _ => throw new ArgumentException($"The action {action.GetType().Name} has no JSON form.", nameof(item)),
            });
        }

        var definition = new JsonObject
        {
            ["conditions"] = new JsonArray([.. item.Conditions.Select(c => (JsonNode)new JsonObject
            {
                ["field"] = Name(c.Field), ["operator"] = Name(c.Operator), ["value"] = c.Value,
            })]),
            ["record"] = Name(item.Record),
            ["recordStatus"] = item.RecordStatus,
            ["requireCustomer"] = item.RequireCustomer,
            ["finding"] = new JsonObject
            {
                ["conversationId"] = item.Finding.ByConversationId,
                ["replyHeaders"] = item.Finding.ByReplyHeaders,
                ["subject"] = item.Finding.BySubject,
                ["recordNumber"] = item.Finding.ByRecordNumber,
                ["recordNumberTerm"] = item.Finding.RecordNumberTerm,
            },
            ["actions"] = actions,
        };
        return definition.ToJsonString();
    }

    /// <summary>
    /// The item stored as <paramref name="name"/> and <paramref name="definition"/>; parts missing from the JSON take
    /// the model's defaults and parts it cannot read are left out (the caller validates the result).
    /// </summary>
    public static MonitorItem Read(string name, string? definition, MonitorItemKind kind = MonitorItemKind.Custom)
    {
        JsonObject? root;
        try
        {
            root = definition is null ? null : JsonNode.Parse(definition) as JsonObject;
        }
        catch (JsonException)
        {
            root = null;
        }

        if (root is null)
        {
            return kind == MonitorItemKind.Default ? MonitorItem.NewDefault() : new MonitorItem { Name = name, Kind = kind };
        }

        var conditions = new List<Condition>();
        foreach (var c in (root["conditions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (TryParseField(Text(c, "field"), out var field) && TryParseOperator(Text(c, "operator"), out var op))
            {
                conditions.Add(new Condition(field, op, Text(c, "value") ?? ""));
            }
        }

        var actions = new List<MonitorAction>();
        foreach (var a in (root["actions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            MonitorAction? action = Text(a, "type") switch
            {
                "attach-history" => new AttachAsHistoryAction(Bool(a, "alsoToCustomer") ?? false),
                "import-attachments" => new ImportAttachmentsAction(
                    a["maxBytes"] is JsonValue v && v.TryGetValue<long>(out var max) ? max : ImportAttachmentsAction.DefaultMaxBytes,
                    KeepInlineImages: Bool(a, "keepInlineImages") ?? true),
                "create-record" => new CreateRecordAction(Text(a, "recordType") ?? "Incident", ReadDictionary(a["fields"])),
                "update-record" => new UpdateRecordAction(Text(a, "status"), ReadDictionary(a["fields"])),
                _ => null,
            };
            if (action is not null)
            {
                actions.Add(action);
            }
        }

        var finding = RecordFinding.Default;
        if (root["finding"] is JsonObject f)
        {
            finding = finding with
            {
                ByConversationId = Bool(f, "conversationId") ?? finding.ByConversationId,
                ByReplyHeaders = Bool(f, "replyHeaders") ?? finding.ByReplyHeaders,
                BySubject = Bool(f, "subject") ?? finding.BySubject,
                ByRecordNumber = Bool(f, "recordNumber") ?? finding.ByRecordNumber,
                RecordNumberTerm = Text(f, "recordNumberTerm") ?? finding.RecordNumberTerm,
            };
        }

        return new MonitorItem
        {
            Name = name,
            Kind = kind,
            Conditions = conditions,
            Record = TryParseRecordState(Text(root, "record"), out var state) ? state : RecordState.Any,
            RecordStatus = Text(root, "recordStatus"),
            RequireCustomer = Bool(root, "requireCustomer") ?? false,
            Finding = finding,
            Actions = kind == MonitorItemKind.Default && actions.Count == 0 ? MonitorItem.NewDefault().Actions : actions,
        };
    }

    /// <summary>A skip rule as <c>monitor skip add</c> stores it: <c>{"phrase":…,"part":"subject","match":"anywhere"}</c>.</summary>
    public static string WriteSkipRule(SkipRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new JsonObject
        {
            ["phrase"] = rule.Phrase.Trim(),
            ["part"] = Name(rule.Field),
            ["match"] = SkipPositions.First(p => p.Position == rule.Position).Name,
        }.ToJsonString();
    }

    /// <summary>The stored skip rule, or null when its JSON cannot be read.</summary>
    public static SkipRule? ReadSkipRule(string definition)
    {
        try
        {
            if (JsonNode.Parse(definition) is JsonObject o && TryParseField(Text(o, "part"), out var field))
            {
                return new SkipRule(Text(o, "phrase") ?? "", field, TryParse(SkipPositions, Text(o, "match"), out SkipPosition p) ? p : SkipPosition.Anywhere);
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    public static bool TryParseSkipPosition(string? text, out SkipPosition position) => TryParse(SkipPositions, text, out position);

    private static bool TryParse<T>(IReadOnlyList<(T Value, string Name)> names, string? text, out T value)
    {
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

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool? Bool(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static JsonObject? Dictionary(IReadOnlyDictionary<string, string>? values) =>
        values is null ? null : new JsonObject(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    private static Dictionary<string, string>? ReadDictionary(JsonNode? node) =>
        node is JsonObject o
            ? o.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString(), StringComparer.OrdinalIgnoreCase)
            : null;
}
