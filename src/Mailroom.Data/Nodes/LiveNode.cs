namespace Mailroom.Data.Nodes;

/// <summary>A node whose heartbeat is within its time to live, and the accounts whose leases it holds now.</summary>
/// <param name="Name">The node's name (<c>mailroom serve --node-name</c>).</param>
/// <param name="StartedAt">When it registered.</param>
/// <param name="HeartbeatAt">Its last heartbeat, on the database's clock.</param>
/// <param name="Accounts">The accounts it holds, each with its fencing token.</param>
public sealed record LiveNode(string Name, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, IReadOnlyList<NodeLease> Accounts);
