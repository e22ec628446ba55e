using Mailroom.Core.Records;

namespace Mailroom.Data.Monitor;

/// <summary>What filing needs to know of a record: its id and number, subject, status and requester's address.</summary>
public sealed record FiledRecord(long Id, long Number, string Subject, RecordStatus Status, string? RequesterAddress);
