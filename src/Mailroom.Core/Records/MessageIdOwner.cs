namespace Mailroom.Core.Records;

/// <summary>Which record and journal entry holds a message with a given Message-ID, and which way it went.</summary>
public sealed record MessageIdOwner(long? RecordId, long EntryId, MailDirection Direction);
