namespace Mailroom.Engine.Outbox;

/// <summary>The outbox's log events (ids 2100-2199).</summary>
internal static partial class OutboxLog
{
    [LoggerMessage(2100, LogLevel.Information, "Outbox message {OutboxId} ({MessageId}) sent through account {AccountId}")]
    public static partial void Sent(ILogger logger, long outboxId, string messageId, long accountId);

    [LoggerMessage(2101, LogLevel.Warning, "Outbox message {OutboxId} ({MessageId}) not sent, will try again at {NextAttempt}: {Error}")]
    public static partial void Retrying(ILogger logger, long outboxId, string messageId, DateTimeOffset nextAttempt, string error);

    [LoggerMessage(2102, LogLevel.Error, "Outbox message {OutboxId} ({MessageId}) failed for good: {Error}")]
    public static partial void Failed(ILogger logger, long outboxId, string messageId, string error);

    [LoggerMessage(2103, LogLevel.Warning, "Outbox message {OutboxId} ({MessageId}) was being sent when its node stopped; sending the same bytes again")]
    public static partial void ResendingUnknownOutcome(ILogger logger, long outboxId, string messageId);

    [LoggerMessage(2104, LogLevel.Warning, "Outbox message {OutboxId} was taken over by another node; leaving it")]
    public static partial void ClaimLost(ILogger logger, long outboxId);

    [LoggerMessage(2105, LogLevel.Error, "The outbox pass failed; trying again in {Delay}")]
    public static partial void PassFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(2106, LogLevel.Warning, "Node {Node} could not renew its outbox claims in time (lease {Lease}); it stopped sending them and another node takes them over when the lease runs out")]
    public static partial void ClaimsExpired(ILogger logger, string node, TimeSpan lease);

    [LoggerMessage(2107, LogLevel.Warning, "Node {Node} could not renew its claims on outbox messages {OutboxIds} (accounts {AccountIds}); trying again in {Interval}, and stopping before they run out if it cannot")]
    public static partial void RenewalFailed(ILogger logger, Exception exception, string node, string outboxIds, string accountIds, TimeSpan interval);

    [LoggerMessage(2120, LogLevel.Warning, "Outbox message {OutboxId} ({MessageId}) waits, queued, until someone signs in to account {AccountId} again: {Reason}")]
    public static partial void WaitingForSignIn(ILogger logger, long outboxId, string messageId, long accountId, string reason);
}
