namespace Mailroom.Data.Nodes;

/// <summary>An account lease this node holds: the fencing token it got and when the database lets it run out.</summary>
/// <param name="AccountId">The account whose monitor the lease covers.</param>
/// <param name="Token">Raised on every acquisition by any node; a commit checks it is still this one.</param>
/// <param name="ExpiresAt">The database's time (Unix milliseconds) after which another node may take the account.</param>
public sealed record NodeLease(long AccountId, long Token, long ExpiresAt);
