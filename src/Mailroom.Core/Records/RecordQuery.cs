namespace Mailroom.Core.Records;

/// <summary>What <c>records list</c> asks for: a search text (in subject, number or requester), statuses, a page.</summary>
/// <param name="Search">Matched without regard to case against the subject and the requester's address; a whole number also matches the record number.</param>
/// <param name="Statuses">Only these statuses; empty for all.</param>
/// <param name="Offset">Records to skip, newest first.</param>
/// <param name="Limit">At most this many (1-1000).</param>
/// <param name="Type">Only this record type; null for all.</param>
/// <param name="RequesterId">Only this customer's records.</param>
public sealed record RecordQuery(
    string? Search = null,
    IReadOnlyList<RecordStatus>? Statuses = null,
    string? Type = null,
    long? RequesterId = null,
    int Offset = 0,
    int Limit = 100);
