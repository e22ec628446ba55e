namespace Mailroom.Data.Migrations;

/// <summary>
/// Accounts with every field of the model, and their legal From addresses. One table holds global accounts
/// (<c>owner_key</c> empty) and standalone personal accounts (<c>owner_key</c> the upper-cased owner's address), so a
/// name is unique per owner: <c>(owner_key, name_key)</c> is the case-insensitive unique key, portable to both
/// databases. Secrets are sealed bytes, never text.
/// </summary>
internal sealed class M101Accounts : IMigration
{
    public int Version => 101;

    public string Name => "accounts";

    public string Sql => """
        CREATE TABLE accounts (
            id $ID,
            owner TEXT NULL,
            owner_key TEXT NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            type TEXT NOT NULL,
            available_to_users $BOOL NOT NULL,
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
            user_name TEXT NULL,
            password_sealed $BLOB NULL,
            allow_invalid_certificate $BOOL NOT NULL,
            server_settings_locked $BOOL NOT NULL,
            credentials_locked $BOOL NOT NULL,
            conversation_id TEXT NOT NULL,
            from_allow_user_address $BOOL NOT NULL,
            from_allow_arbitrary $BOOL NOT NULL,
            from_default TEXT NULL,
            history_attach_to_record $BOOL NOT NULL,
            history_attach_to_customer $BOOL NOT NULL,
            history_import_attachments $BOOL NOT NULL,
            version $BIGINT NOT NULL,
            created_at $BIGINT NOT NULL,
            updated_at $BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX ux_accounts_owner_name ON accounts (owner_key, name_key);
        CREATE TABLE account_from_addresses (
            account_id $BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            address TEXT NOT NULL,
            address_key TEXT NOT NULL,
            PRIMARY KEY (account_id, position)
        );
        CREATE UNIQUE INDEX ux_account_from_addresses_key ON account_from_addresses (account_id, address_key)
        """;
}
