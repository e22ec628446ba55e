namespace Mailroom.Engine.Monitor;

/// <summary>
/// Where several nodes agree who works which account. The engine asks <see cref="MayWorkAsync"/> before it touches
/// an account's mailbox, and calls <see cref="EnsureHeldAsync"/> inside every filing transaction just before it
/// commits (fencing): a node that lost its lease meanwhile must throw there, so its work rolls back instead of
/// racing the node that took over. One node alone holds every lease (<see cref="SingleNodeLease"/>).
/// </summary>
internal interface IMonitorLease
{
    /// <summary>May this node work <paramref name="accountId"/>'s mailbox now?</summary>
    ValueTask<bool> MayWorkAsync(long accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Inside the unit of work about to commit: throws <see cref="MonitorLeaseLostException"/> when this node no
    /// longer holds the account (so the transaction rolls back). Taking a row lock here serialises with a takeover.
    /// </summary>
    Task EnsureHeldAsync(Data.UnitOfWork work, long accountId, CancellationToken cancellationToken);

    /// <summary>
    /// A token cancelled the moment this node must stop working <paramref name="accountId"/>: its lease was lost,
    /// given up, or not renewed in time. The worker links it into everything it does for the account, so losing a
    /// lease cancels a fetch, a filing transaction or an IDLE wait at once instead of at the next check. Already
    /// cancelled when the account is not held.
    /// </summary>
    CancellationToken WorkToken(long accountId);
}
