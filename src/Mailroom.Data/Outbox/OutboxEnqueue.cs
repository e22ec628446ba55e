using Mailroom.Core.Records;

namespace Mailroom.Data.Outbox;

/// <summary>
/// What the outbox writes for one message: its Mail History entry (raw bytes included) and the queue row's fields.
/// Built by the caller once the Conversation ID number is known.
/// </summary>
public sealed record OutboxEnqueue(NewMailEntry Entry, long AccountId, string? SenderUser, string Recipients);
