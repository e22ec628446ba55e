using Mailroom.Data.Migrations;

namespace Mailroom.Data.Users;

/// <summary>
/// API tokens carry a role and may expire. Tokens made before roles existed acted as administrators and keep doing
/// so, rather than breaking the scripts that use them on upgrade.
/// </summary>
internal sealed class ApiTokenRolesMigration : IMigration
{
    public int Version => 403;

    public string Name => "API tokens: role, expiry";

    public string Sql => """
        ALTER TABLE api_tokens ADD COLUMN role TEXT NOT NULL DEFAULT 'Administrator';
        ALTER TABLE api_tokens ADD COLUMN expires_at $BIGINT NULL
        """;
}
