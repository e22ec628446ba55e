using Mailroom.Core.Validation;

namespace Mailroom.Core.Monitor;

/// <summary>
/// One item of a monitor: its conditions (all must hold), how it finds the existing record, and its actions. The
/// Skip item holds only <see cref="SkipRules"/>; the Default item has no conditions and by default creates an Incident.
/// </summary>
public sealed record MonitorItem
{
    public required string Name { get; init; }

    public MonitorItemKind Kind { get; init; } = MonitorItemKind.Custom;

    /// <summary>Field conditions on the message; all must hold.</summary>
    public IReadOnlyList<Condition> Conditions { get; init; } = [];

    /// <summary>Whether an existing record must (or must not) have been found.</summary>
    public RecordState Record { get; init; } = RecordState.Any;

    /// <summary>With <see cref="RecordState.Found"/>: the status the record must have (e.g. "Resolved"), or null for any.</summary>
    public string? RecordStatus { get; init; }

    /// <summary>Whether the sender must be a known customer (or the monitor's default customer stands in for them).</summary>
    public bool RequireCustomer { get; init; }

    public RecordFinding Finding { get; init; } = RecordFinding.Default;

    /// <summary>
    /// Whether mail this item files on a resolved record reopens it (back to in progress when assigned, else new), unless
    /// the item's own actions set a status. On by default: a customer answering "it is fixed" with "no, it is not" must be
    /// seen in the open records, not stay hidden among the resolved ones.
    /// </summary>
    public bool ReopenResolved { get; init; } = true;

    /// <summary>
    /// Whether mail found for a closed record opens a new record that follows it up instead of landing on the closed
    /// one. On by default: a closed record is finished, and its history should not grow after the fact.
    /// </summary>
    public bool FollowUpClosed { get; init; } = true;

    public IReadOnlyList<MonitorAction> Actions { get; init; } = [];

    /// <summary>Only for the Skip item: a message matching any rule is skipped.</summary>
    public IReadOnlyList<SkipRule> SkipRules { get; init; } = [];

    /// <summary>The fixed Default item: attach the mail to a new Incident.</summary>
    public static MonitorItem NewDefault() => new()
    {
        Name = "Default",
        Kind = MonitorItemKind.Default,
        Actions = [new CreateRecordAction(), new AttachAsHistoryAction(), new ImportAttachmentsAction()],
    };

    /// <summary>The fixed Skip item with the given rules.</summary>
    public static MonitorItem NewSkip(IReadOnlyList<SkipRule>? rules = null) =>
        new() { Name = "Skip", Kind = MonitorItemKind.Skip, SkipRules = rules ?? [] };

    /// <summary>Whether the record and customer conditions and every field condition hold.</summary>
    public bool ConditionsHold(IncomingMailFacts mail, RecordContext context)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(context);
        var recordOk = Record switch
        {
            RecordState.Found => context.RecordId is not null
                && (RecordStatus is null || string.Equals(RecordStatus, context.RecordStatus, StringComparison.OrdinalIgnoreCase)),
            RecordState.NotFound => context.RecordId is null,
            _ => true,
        };
        return recordOk && (!RequireCustomer || context.CustomerFound) && Conditions.All(c => c.Matches(mail));
    }

    /// <summary>Every problem with the item, each naming its field (prefixed with the item's position in lists).</summary>
    public IReadOnlyList<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            problems.Add(new("name", "must be 1-100 characters"));
        }

        if (Kind != MonitorItemKind.Skip && SkipRules.Count > 0)
        {
            problems.Add(new("skip-rules", "only the Skip item has skip rules"));
        }

        if (Kind == MonitorItemKind.Skip && (Conditions.Count > 0 || Actions.Count > 0))
        {
            problems.Add(new("conditions", "the Skip item has skip rules only, no conditions or actions"));
        }

        if (Kind == MonitorItemKind.Default && (Conditions.Count > 0 || Record != RecordState.Any))
        {
            problems.Add(new("conditions", "the Default item runs when nothing else matched; it has no conditions"));
        }

        if (Kind != MonitorItemKind.Skip && Actions.Count == 0)
        {
            problems.Add(new("actions", "an item needs at least one action"));
        }

        if (Actions.OfType<UpdateRecordAction>().Any() && Record != RecordState.Found && Kind != MonitorItemKind.Default)
        {
            problems.Add(new("actions", "updating a record needs the condition 'an existing record was found'"));
        }

        if (Finding.ByRecordNumber && Finding.RecordNumberMode == RecordNumberMode.AfterTerm
            && string.IsNullOrWhiteSpace(Finding.RecordNumberTerm))
        {
            problems.Add(new("record-number-term", "must be set to find a record number after a term"));
        }

        if (Finding.SubjectMinimumLength is < 0 or > 1000)
        {
            problems.Add(new("subject-minimum-length", "must be 0-1000"));
        }

        for (var i = 0; i < Conditions.Count; i++)
        {
            problems.AddRange(Conditions[i].Validate().Select(p => p with { Field = $"conditions[{i}].{p.Field}" }));
        }

        for (var i = 0; i < SkipRules.Count; i++)
        {
            problems.AddRange(SkipRules[i].Validate().Select(p => p with { Field = $"skip-rules[{i}].{p.Field}" }));
        }

        return problems;
    }
}
