namespace Mailroom.Data.Monitor;

/// <summary>One downloaded message of a batch for <see cref="MonitorMessageStore.ReceiveAsync"/>.</summary>
/// <param name="Message">Its ledger row (account, folder, mailbox id; the store fills in digest, size, state and times).</param>
/// <param name="Raw">Its bytes as downloaded.</param>
/// <param name="SetAsideReason">
/// Set when the server would not give the message whole: it is stored with what could be had and filed as
/// <see cref="MessageOutcome.NotHandled"/> with this reason in the same commit, so the post-action takes it out of the
/// folder and the mailbox goes on. Null for a message received whole.
/// </param>
public sealed record ReceivedBatchItem(ReceivedMessage Message, StagedMessage Raw, string? SetAsideReason = null);
