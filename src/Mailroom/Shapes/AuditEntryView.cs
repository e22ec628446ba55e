using System.Globalization;
using Mailroom.Data.Audit;

namespace Mailroom.Shapes;

/// <summary>An audit entry as the command and the API show it: the time in UTC ISO 8601, field names only.</summary>
internal sealed record AuditEntryView(long Id, string Time, string Actor, string Action, long? AccountId, string? Account, IReadOnlyList<string> Fields)
{
    public static AuditEntryView From(AuditEntry entry) => new(
        entry.Id,
        entry.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        entry.Actor,
        entry.Action,
        entry.AccountId,
        entry.AccountName,
        entry.Fields);
}
