namespace Mailroom.Data.Users;

/// <summary>An API token as listed: never its value, which is shown once when created and then kept only hashed.</summary>
public sealed record ApiToken(
    long Id,
    string Name,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}
