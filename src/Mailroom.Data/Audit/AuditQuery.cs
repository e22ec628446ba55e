namespace Mailroom.Data.Audit;

/// <summary>Which audit entries to read: newest first, at most <see cref="Limit"/>.</summary>
/// <param name="AccountIds">Only entries of these accounts; null for every entry (an empty list matches none).</param>
/// <param name="Since">Only entries written at or after this moment; null for all.</param>
/// <param name="Limit">At most this many entries (1 or more).</param>
/// <param name="Offset">Skip this many of the newest matching entries first (a later page of the web list).</param>
public sealed record AuditQuery(IReadOnlyCollection<long>? AccountIds, DateTimeOffset? Since, int Limit, int Offset = 0);
