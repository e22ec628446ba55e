using Mailroom.Data.Migrations;

namespace Mailroom.Data.Users;

/// <summary>
/// Users an administrator has disabled (kept, so their name stays on what they did, but unable to sign in) and users
/// who must choose a new password at their next sign-in (after a reset).
/// </summary>
internal sealed class UserStatesMigration : IMigration
{
    public int Version => 402;

    public string Name => "users: disabled, must change password";

    public string Sql => """
        ALTER TABLE web_users ADD COLUMN disabled_at $BIGINT NULL;
        ALTER TABLE web_users ADD COLUMN must_change_password $BOOL NOT NULL DEFAULT FALSE
        """;
}
