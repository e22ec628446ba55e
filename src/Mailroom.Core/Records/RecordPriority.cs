namespace Mailroom.Core.Records;

/// <summary>How urgent a record is; Medium unless set.</summary>
public enum RecordPriority
{
    Low,
    Medium,
    High,
    Critical,
}
