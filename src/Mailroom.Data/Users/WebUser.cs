namespace Mailroom.Data.Users;

/// <summary>
/// A person who signs in to the web pages. The password is held only as an ASP.NET Core Identity hash.
/// <c>DisabledAt</c>: when an administrator disabled the user (null while they may sign in); <c>MustChangePassword</c>:
/// the password was reset, and the user chooses a new one at the next sign-in.
/// </summary>
public sealed record WebUser(
    long Id,
    string Address,
    string DisplayName,
    UserRole Role,
    string PasswordHash,
    int FailedSignIns,
    DateTimeOffset? LockedUntil,
    string SecurityStamp,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt = null,
    bool MustChangePassword = false)
{
    public bool IsDisabled => DisabledAt is not null;
}
