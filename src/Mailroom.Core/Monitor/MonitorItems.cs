using Mailroom.Core.Validation;

namespace Mailroom.Core.Monitor;

/// <summary>
/// A monitor's ordered items: Skip always first, Default always last, the administrator's items between them in
/// their order. Immutable; building it checks the fixed ends and every item.
/// </summary>
public sealed class MonitorItems
{
    private MonitorItems(MonitorItem skip, IReadOnlyList<MonitorItem> custom, MonitorItem defaultItem)
    {
        Skip = skip;
        Custom = custom;
        Default = defaultItem;
    }

    public MonitorItem Skip { get; }

    /// <summary>The administrator's items, in the order they are tried.</summary>
    public IReadOnlyList<MonitorItem> Custom { get; }

    public MonitorItem Default { get; }

    /// <summary>Skip, the custom items, Default: the order in which they are tried.</summary>
    public IEnumerable<MonitorItem> InOrder => [Skip, .. Custom, Default];

    /// <summary>Builds the list.</summary>
    /// <exception cref="ValidationException">An item is invalid, a custom item is marked Skip or Default, or names repeat.</exception>
    public static MonitorItems Create(
        IReadOnlyList<SkipRule>? skipRules = null, IReadOnlyList<MonitorItem>? custom = null, MonitorItem? defaultItem = null)
    {
        var skip = MonitorItem.NewSkip(skipRules);
        var items = custom ?? [];
        var last = defaultItem ?? MonitorItem.NewDefault();
        var problems = new List<ValidationProblem>();
        problems.AddRange(skip.Validate().Select(p => p with { Field = $"skip.{p.Field}" }));
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Kind != MonitorItemKind.Custom)
            {
                problems.Add(new($"items[{i}]", "Skip and Default are fixed; they cannot be added, moved or repeated"));
            }

            problems.AddRange(items[i].Validate().Select(p => p with { Field = $"items[{i}].{p.Field}" }));
        }

        if (last.Kind != MonitorItemKind.Default)
        {
            problems.Add(new("default", "the last item must be the Default item"));
        }

        problems.AddRange(last.Validate().Select(p => p with { Field = $"default.{p.Field}" }));
        var duplicate = items.Select(i => i.Name.Trim()).Concat(["Skip", "Default"])
            .GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            problems.Add(new("name", $"'{duplicate.Key}' is used by more than one item"));
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        return new MonitorItems(skip, items, last);
    }
}
