using Mailroom.Data.Users;

namespace Mailroom.Users;

/// <summary>A user as listed by <c>users list --json</c> and <c>GET /api/users</c>: never the password hash or the stamp.</summary>
public sealed record UserSummary(
    long Id,
    string Address,
    string DisplayName,
    string Role,
    bool Disabled,
    bool MustChangePassword,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt)
{
    public static UserSummary From(WebUser u) => new(
        u.Id, u.Address, u.DisplayName, UserRoles.Text(u.Role), u.IsDisabled, u.MustChangePassword, u.LockedUntil, u.CreatedAt);
}
