using System.Globalization;
using System.Text.RegularExpressions;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Audit;

namespace Mailroom.Shapes;

/// <summary>The audit log's filters (since, limit, account) as every face takes them.</summary>
internal static partial class AuditFilters
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    /// <summary>
    /// Reads <c>--since</c> and <c>--limit</c> as typed; each bad one becomes a problem naming its option. The command,
    /// the API and the audit page share it, so all refuse the same input the same way.
    /// </summary>
    public static (DateTimeOffset? Since, int Limit) Parse(string? since, string? limit, List<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        DateTimeOffset? sinceValue = null;
        if (since is not null)
        {
            // ISO 8601 only (a date, or a date and time; no offset means UTC): 05/06/2026 would be read differently
            // by different people.
            if (IsoDate().IsMatch(since.Trim())
                && DateTimeOffset.TryParse(since.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                sinceValue = parsed;
            }
            else
            {
                problems.Add(new("since", $"'{since}' is not an ISO 8601 date or time, e.g. 2026-11-27 or 2026-11-27T19:30:00Z"));
            }
        }

        var limitValue = DefaultLimit;
        if (limit is not null)
        {
            if (int.TryParse(limit.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= MaxLimit)
            {
                limitValue = parsed;
            }
            else
            {
                problems.Add(new("limit", $"must be a whole number from 1 to {MaxLimit}, not '{limit}'"));
            }
        }

        return (sinceValue, limitValue);
    }

    /// <summary>
    /// The account ids whose entries <c>--account NAME</c> means: the global account of that name now, and any account
    /// that was written to the log under that name (deleted or renamed since).
    /// </summary>
    /// <exception cref="NotFoundException">Neither an account nor any entry has that name.</exception>
    public static async Task<IReadOnlyCollection<long>> AccountIdsAsync(AccountStore accounts, AuditLog audit, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(audit);
        var ids = new HashSet<long>(await audit.AccountIdsNamedAsync(name, cancellationToken));
        if (await accounts.FindAsync(name, cancellationToken) is { } current)
        {
            ids.Add(current.Id);
        }

        return ids.Count > 0 ? ids : throw new NotFoundException("account", name);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();
}
