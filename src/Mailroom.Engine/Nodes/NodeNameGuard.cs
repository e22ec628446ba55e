using Mailroom.Data.Nodes;

namespace Mailroom.Engine.Nodes;

/// <summary>
/// Takes this node's name at the start of <c>mailroom serve</c>, before any work begins, so that two live processes
/// never run under one <c>--node-name</c> (they would share each other's account leases).
/// </summary>
/// <remarks>
/// A free name, or one whose holder's heartbeat is older than <see cref="NodeLeaseOptions.TimeToLive"/>, is taken at
/// once. A name with a fresh heartbeat from another process is watched for up to one time to live: a live holder
/// beats every <see cref="NodeLeaseOptions.HeartbeatInterval"/>, and when its heartbeat moves on this start is refused
/// (<see cref="ClaimAsync"/> returns the holder); a dead one's heartbeat just goes stale and the name is taken then.
/// So a restart right after a crash works by itself, after at most one time to live (15 s by default) and usually
/// less: a fresh heartbeat alone cannot tell a crashed process from a live one (a process id means nothing on another
/// machine or in a restarted container), but whether the heartbeat keeps moving can.
/// </remarks>
internal sealed class NodeNameGuard(NodeIdentity identity, NodeLeaseStore store, NodeLeaseOptions options, TimeProvider time, ILogger<NodeNameGuard> logger)
{
    /// <summary>Null when the name is this process's now; otherwise the live process that holds it.</summary>
    public async Task<NodeNameHolder?> ClaimAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var poll = TimeSpan.FromTicks(Math.Min(options.HeartbeatInterval.Ticks / 2, TimeSpan.FromSeconds(1).Ticks));
        NodeNameHolder? first = null;
        while (true)
        {
            // Measured before the claim is sent: a claim answered late on a loaded machine was still decided by the
            // database at the time it was sent, so its lateness must not count against a holder that is merely dead.
            var waited = time.GetElapsedTime(started);
            var holder = await store.ClaimNameAsync(identity.Name, identity.Instance, options.TimeToLive, cancellationToken);
            if (holder is null)
            {
                return null;
            }

            if (first is null)
            {
                first = holder;
                NodeLog.NameBusy(logger, identity.Name, holder.Instance ?? "unknown", holder.HeartbeatAt, options.TimeToLive.TotalSeconds);
            }
            else if (holder.HeartbeatAt != first.HeartbeatAt || holder.Instance != first.Instance
                || waited > options.TimeToLive + (options.HeartbeatInterval * 2))
            {
                // It beat again: alive. (The last test only bounds the wait should the database's clock stand still.)
                return holder;
            }

            await Task.Delay(poll, time, cancellationToken);
        }
    }
}
