using Mailroom.Data.Migrations;

namespace Mailroom.Data.Users;

/// <summary>
/// Web users (administrators and agents) and API tokens. Addresses are unique without regard to case through an
/// upper-cased key column; tokens are stored only as their SHA-256 hash, so a copy of the database signs nobody in.
/// </summary>
internal sealed class UsersMigration : IMigration
{
    public int Version => 401;

    public string Name => "users and API tokens";

    public string Sql => """
        CREATE TABLE web_users (
            id $ID,
            address TEXT NOT NULL,
            address_key TEXT NOT NULL,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            failed_sign_ins INTEGER NOT NULL DEFAULT 0,
            locked_until $BIGINT NULL,
            security_stamp TEXT NOT NULL,
            created_at $BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX ux_web_users_address_key ON web_users (address_key);
        CREATE TABLE api_tokens (
            id $ID,
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at $BIGINT NOT NULL,
            last_used_at $BIGINT NULL,
            revoked_at $BIGINT NULL
        );
        CREATE UNIQUE INDEX ux_api_tokens_token_hash ON api_tokens (token_hash)
        """;
}
