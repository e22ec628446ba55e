using Mailroom.Core.Records;
using Mailroom.Core.Validation;

namespace Mailroom.Shapes;

/// <summary>
/// The incident list's search, status filter and page, as the page and <c>GET /api/records</c> take them, checked
/// the same way for both.
/// </summary>
internal static class RecordListQuery
{
    public const string StatusField = "status";

    /// <summary>The filter values offered: every status, and <c>open</c> for New and In progress together.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> StatusChoices =
    [
        ("", "Any status"), ("open", "Open (new or in progress)"), ("new", "New"), ("in-progress", "In progress"), ("resolved", "Resolved"), ("closed", "Closed"),
    ];

    /// <summary>The statuses a filter value stands for (comma separated values are combined); empty for all.</summary>
    /// <exception cref="ValidationException">Field <c>status</c>: a value that is not a status.</exception>
    public static IReadOnlyList<RecordStatus> Statuses(string? filter)
    {
        var statuses = new List<RecordStatus>();
        foreach (var part in (filter ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (string.Equals(part, "open", StringComparison.OrdinalIgnoreCase))
            {
                statuses.Add(RecordStatus.New);
                statuses.Add(RecordStatus.InProgress);
                continue;
            }

            statuses.Add(RecordStatusText.TryParse(part, out var status)
                ? status
                : throw new ValidationException(StatusField, $"'{part}' is not a status; use open, {RecordStatusText.Choices}."));
        }

        return statuses.Distinct().ToList();
    }
}
