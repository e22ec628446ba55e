namespace Mailroom.Data.Users;

/// <summary>A person who signs in to the web pages. The password is held only as an ASP.NET Core Identity hash.</summary>
public sealed record WebUser(
    long Id,
    string Address,
    string DisplayName,
    UserRole Role,
    string PasswordHash,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    string SecurityStamp,
    DateTimeOffset CreatedAt);
