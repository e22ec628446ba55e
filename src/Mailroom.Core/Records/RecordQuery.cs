namespace Mailroom.Core.Records;

/// <summary>What <c>records list</c> asks for: a search text (in subject, number, requester or mail), filters, a page.</summary>
/// <param name="Search">Matched without regard to case against the subject, the requester's address and the subject and text of the record's mail; a whole number also matches the record number.</param>
/// <param name="Statuses">Only these statuses; empty for all.</param>
/// <param name="Offset">Records to skip, newest first.</param>
/// <param name="Limit">At most this many (1-1000).</param>
/// <param name="Type">Only this record type; null for all.</param>
/// <param name="RequesterId">Only this customer's records.</param>
/// <param name="Assignee">Only records assigned to this agent (address, without regard to case); <see cref="Unassigned"/> for nobody's.</param>
/// <param name="AccountId">Only records with mail received or sent through this account.</param>
public sealed record RecordQuery(
    string? Search = null,
    IReadOnlyList<RecordStatus>? Statuses = null,
    string? Type = null,
    long? RequesterId = null,
    int Offset = 0,
    int Limit = 100,
    string? Assignee = null,
    long? AccountId = null)
{
    /// <summary>The <see cref="Assignee"/> value that asks for records assigned to nobody.</summary>
    public const string Unassigned = "none";
}
