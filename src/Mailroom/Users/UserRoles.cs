using Mailroom.Core.Validation;
using Mailroom.Data.Users;

namespace Mailroom.Users;

/// <summary>The one spelling of roles outside the code: <c>agent</c> and <c>administrator</c> (<c>admin</c> accepted).</summary>
public static class UserRoles
{
    public static string Text(UserRole role) => role == UserRole.Administrator ? "administrator" : "agent";

    /// <exception cref="ValidationException">Under <paramref name="field"/>: neither role.</exception>
    public static UserRole Parse(string? text, string field = "role") => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "agent" => UserRole.Agent,
        "administrator" or "admin" => UserRole.Administrator,
        _ => throw new ValidationException(field, $"'{text}' is not a role; use agent or administrator."),
    };
}
