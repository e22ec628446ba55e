namespace Mailroom.Engine.Nodes;

/// <summary>How nodes sharing one database hold account leases.</summary>
internal sealed class NodeLeaseOptions
{
    public const string Section = "Mailroom:Nodes";
    /// <summary>
    /// How long a lease (and a node's liveness) lasts without a heartbeat. 15 s: a dead node's monitors are free
    /// after at most 15 s and taken on the next heartbeat of a survivor, well within the 30 s promised.
    /// </summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a node renews its heartbeat and leases and rebalances. 3 s: five chances per time to live.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A node stops working an account this long before its lease would run out when it could not renew it (measured
    /// on its own monotonic clock from before the last successful renewal was sent), so it has stopped before any
    /// other node may start.
    /// </summary>
    public TimeSpan StopMargin { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Checks that a node renews several times before it must stop, and stops before its lease runs out.
    /// </summary>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The values contradict each other.</exception>
    public void Validate()
    {
        if (StopMargin <= TimeSpan.Zero || StopMargin >= TimeToLive)
        {
            throw new System.ComponentModel.DataAnnotations.ValidationException(
                $"{Section}:StopMargin must be above zero and below TimeToLive ({TimeToLive}); it is {StopMargin}.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval * 2 > TimeToLive - StopMargin)
        {
            throw new System.ComponentModel.DataAnnotations.ValidationException(
                $"{Section}:HeartbeatInterval must be above zero and leave room for two heartbeats before a node stops (TimeToLive - StopMargin = {TimeToLive - StopMargin}); it is {HeartbeatInterval}.");
        }
    }
}
