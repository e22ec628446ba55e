namespace Mailroom.Data.Users;

/// <summary>
/// An API token as listed: never its value, which is shown once when created and then kept only hashed. <c>Role</c>:
/// what requests carrying it may do (an agent token reaches records, an administrator token everything);
/// <c>ExpiresAt</c>: after this it is refused (null: it lasts until revoked).
/// </summary>
public sealed record ApiToken(
    long Id,
    string Name,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    UserRole Role = UserRole.Administrator,
    DateTimeOffset? ExpiresAt = null)
{
    public bool IsRevoked => RevokedAt is not null;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;
}
