namespace Mailroom.Engine.Nodes;

/// <summary>
/// Another process holds this node's name now: this one's heartbeat went stale (a long stall, the database away) and
/// a newer process started with the same <c>--node-name</c> took the name over. This process must stop.
/// </summary>
internal sealed class NodeNameTakenException(string node) : Exception($"Another process took over the node name {node}; this one stops.")
{
    public string Node { get; } = node;
}
