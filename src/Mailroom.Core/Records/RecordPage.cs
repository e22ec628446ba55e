namespace Mailroom.Core.Records;

/// <summary>One page of records, newest first, with the number that matched in all.</summary>
public sealed record RecordPage(IReadOnlyList<Record> Records, long Total);
