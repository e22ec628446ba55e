namespace Mailroom.Data.Audit;

/// <summary>One change: who made it, when, to which account, what kind, and the names (never values) of the fields.</summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    long? AccountId,
    string? AccountName,
    string Action,
    IReadOnlyList<string> Fields);
