namespace Mailroom.Data.Nodes;

/// <summary>The process that holds a node name now, as its row in <c>nodes</c> says.</summary>
/// <param name="Name">The node name.</param>
/// <param name="Instance">The random id of the holding process (null for a row from before instances were kept).</param>
/// <param name="HeartbeatAt">Its last heartbeat, on the database's clock.</param>
/// <param name="ExpiresAt">When the name is free unless another heartbeat comes, on the database's clock.</param>
public sealed record NodeNameHolder(string Name, string? Instance, DateTimeOffset HeartbeatAt, DateTimeOffset ExpiresAt);
