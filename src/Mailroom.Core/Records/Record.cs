namespace Mailroom.Core.Records;

/// <summary>
/// A record the desk works on (an Incident by default). <see cref="Number"/> is what people quote ("Incident
/// 1042"); <see cref="Id"/> is the store's key. Both are unique; numbers grow and are never reused.
/// </summary>
public sealed record Record
{
    public long Id { get; init; }

    public string Type { get; init; } = RecordTypes.Incident;

    public long Number { get; init; }

    public required string Subject { get; init; }

    public string? Description { get; init; }

    public RecordStatus Status { get; init; } = RecordStatus.New;

    public RecordPriority Priority { get; init; } = RecordPriority.Medium;

    /// <summary>The customer who asked; null for a record opened without one.</summary>
    public Customer? Requester { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The agent (their address) the record is assigned to; null when nobody has it.</summary>
    public string? Assignee { get; init; }

    /// <summary>The closed record this one follows up: a reply to a closed record opens a new one linked to it.</summary>
    public long? FollowsUpRecordId { get; init; }

    /// <summary>New and In progress records are open; the monitor's subject matching looks only at open ones.</summary>
    public bool IsOpen => Status is RecordStatus.New or RecordStatus.InProgress;
}
