namespace Mailroom.Data.Migrations;

/// <summary>
/// Users' personal versions of global accounts: the sections they override (a null column follows the global
/// account). Removed with their account unless it is deleted with "keep user accounts", which first turns each one
/// into a standalone personal account (a row of <c>accounts</c> with an owner).
/// </summary>
internal sealed class M104PersonalAccountVersions : IMigration
{
    public int Version => 104;

    public string Name => "personal account versions";

    public string Sql => """
        CREATE TABLE personal_account_versions (
            id $ID,
            account_id $BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            user_address TEXT NOT NULL,
            user_key TEXT NOT NULL,
            override_credentials $BOOL NOT NULL,
            user_name TEXT NULL,
            password_sealed $BLOB NULL,
            exchange_domain TEXT NULL,
            exchange_server TEXT NULL,
            exchange_use_ssl $BOOL NULL,
            incoming_host TEXT NULL,
            incoming_port INTEGER NULL,
            incoming_security TEXT NULL,
            smtp_host TEXT NULL,
            smtp_port INTEGER NULL,
            smtp_security TEXT NULL,
            smtp_use_incoming_credentials $BOOL NULL,
            smtp_has_own_credentials $BOOL NULL,
            smtp_user TEXT NULL,
            smtp_password_sealed $BLOB NULL,
            version $BIGINT NOT NULL,
            created_at $BIGINT NOT NULL,
            updated_at $BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX ux_personal_account_versions_user ON personal_account_versions (account_id, user_key)
        """;
}
