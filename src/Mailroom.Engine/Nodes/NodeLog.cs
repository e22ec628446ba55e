namespace Mailroom.Engine.Nodes;

/// <summary>Log events of the node leases, ids 5000-5099.</summary>
internal static partial class NodeLog
{
    [LoggerMessage(5000, LogLevel.Information, "Node {Node} took the lease on account {AccountId} (fencing token {Token})")]
    public static partial void Acquired(ILogger logger, string node, long accountId, long token);

    [LoggerMessage(5001, LogLevel.Information, "Node {Node} released account {AccountId} ({Reason})")]
    public static partial void Released(ILogger logger, string node, long accountId, string reason);

    [LoggerMessage(5002, LogLevel.Warning, "Node {Node} lost the lease on account {AccountId}: it could not be renewed in time; its monitor stops here")]
    public static partial void Lost(ILogger logger, string node, long accountId);

    [LoggerMessage(5003, LogLevel.Warning, "Node {Node} could not renew its heartbeat and leases; it tries again in {Seconds} s and stops its monitors before the leases run out")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception, string node, double seconds);

    [LoggerMessage(5004, LogLevel.Information, "Node {Node} joined: {LiveNodes} live nodes share the work")]
    public static partial void Joined(ILogger logger, string node, int liveNodes);

    [LoggerMessage(5005, LogLevel.Warning, "Node name {Node} has a fresh heartbeat from another process (instance {Instance}, {HeartbeatAt:u}); waiting up to {Seconds} s to see whether that process is still alive")]
    public static partial void NameBusy(ILogger logger, string node, string instance, DateTimeOffset heartbeatAt, double seconds);

    [LoggerMessage(5006, LogLevel.Critical, "Node {Node}: another process took over this node name (this one's heartbeat went stale); stopping this process")]
    public static partial void NameTaken(ILogger logger, string node);
}
