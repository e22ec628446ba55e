namespace Mailroom.Core.Records;

/// <summary>Where a record stands. New and In progress are open; Resolved and Closed are not.</summary>
public enum RecordStatus
{
    New,
    InProgress,
    Resolved,
    Closed,
}
