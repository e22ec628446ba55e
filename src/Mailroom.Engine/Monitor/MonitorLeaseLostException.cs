namespace Mailroom.Engine.Monitor;

/// <summary>This node no longer holds the account's lease; another node works it now. Stop and roll back.</summary>
internal sealed class MonitorLeaseLostException(long accountId)
    : Exception($"This node lost the lease on account {accountId}; another node works its mailbox now, so this node stops.")
{
    public long AccountId { get; } = accountId;
}
