namespace Mailroom.Data.Outbox;

/// <summary>A message now in the outbox: its outbox id, its journal entry, its Message-ID and Conversation ID.</summary>
public sealed record OutboxQueued(long OutboxId, long EntryId, string MessageId, string? ConversationId);
