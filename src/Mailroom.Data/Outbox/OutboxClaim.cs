namespace Mailroom.Data.Outbox;

/// <summary>
/// A message a node took to send: what it needs to send it and to record the outcome. <see cref="WasSending"/> is
/// set when it was found in the Sending state, i.e. an earlier try's outcome is unknown.
/// </summary>
public sealed record OutboxClaim(long Id, long EntryId, long AccountId, string? SenderUser, string MessageId, int Attempts, DateTimeOffset GiveUpAt, bool WasSending);
