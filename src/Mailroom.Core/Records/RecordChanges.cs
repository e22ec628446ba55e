namespace Mailroom.Core.Records;

/// <summary>Fields to change on a record; null leaves a field as it is.</summary>
public sealed record RecordChanges(
    string? Subject = null,
    string? Description = null,
    RecordStatus? Status = null,
    RecordPriority? Priority = null);
