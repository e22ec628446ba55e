namespace Mailroom.Core.Records;

/// <summary>The record a Conversation ID was given to, and the journal entry of the message that carried it.</summary>
public sealed record ConversationOwner(long? RecordId, long EntryId);
