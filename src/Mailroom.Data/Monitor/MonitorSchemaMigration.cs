using Mailroom.Data.Migrations;

namespace Mailroom.Data.Monitor;

/// <summary>
/// The E-mail Monitor's tables: one monitor per account, its items and skip rules (stored as JSON of the Core
/// model so the model can grow without a migration), checkpoints, and every message received with its state.
/// </summary>
/// <remarks>
/// <para>
/// <c>monitors.account_id</c> is UNIQUE: two monitors on one account would race for the same mail, so the database
/// refuses the second one whatever the caller checked first.
/// </para>
/// <para>
/// <c>monitor_messages</c> is the exactly-once ledger. A row is inserted as <c>received</c> only once the raw message
/// is durable; it moves to <c>filed</c> in the transaction that files it, and to <c>completed</c> once the server's
/// post-action is done. The UNIQUE (account, folder, mailbox id) key stops a second download of the same listing
/// entry; the (message_id, digest) index finds the same message listed again under a new id (IMAP UIDVALIDITY reset).
/// The folder is part of the key because IMAP UIDs are per folder: an account whose monitor moves to another folder
/// must not see that folder's UID 7 as the old folder's UID 7.
/// </para>
/// <para>
/// Raw bytes: on SQLite a file under <c>&lt;data-dir&gt;/mail/</c> (<c>raw_path</c>); on PostgreSQL a <c>BYTEA</c> in
/// <c>monitor_message_raw</c>, because several nodes must read what one node received and a node's disk is not
/// shared. <c>BYTEA</c> rather than large objects: the bytes live and die with their row (no orphaned objects to
/// <c>lo_unlink</c>), are in every backup and replica, and Npgsql streams them both ways; the 1 GB BYTEA ceiling is far
/// above the largest mail servers accept. The side table keeps listing queries from touching the bytes.
/// </para>
/// </remarks>
internal sealed class MonitorSchemaMigration : IMigration
{
    public int Version => 301;

    public string Name => "monitor: monitors, items, skip rules, checkpoints, received messages";

    public string Sql => """
        CREATE TABLE monitors (
            id $ID,
            account_id $BIGINT NOT NULL,
            folder TEXT NOT NULL,
            interval_seconds INTEGER NOT NULL,
            enabled $BOOL NOT NULL,
            post_action TEXT NOT NULL,
            default_item TEXT NULL,
            created_at $BIGINT NOT NULL,
            updated_at $BIGINT NOT NULL,
            last_check_at $BIGINT NULL,
            last_error TEXT NULL,
            last_error_at $BIGINT NULL,
            fetched_total $BIGINT NOT NULL DEFAULT 0,
            filed_existing_total $BIGINT NOT NULL DEFAULT 0,
            new_records_total $BIGINT NOT NULL DEFAULT 0,
            skipped_total $BIGINT NOT NULL DEFAULT 0,
            not_handled_total $BIGINT NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX ux_monitors_account ON monitors (account_id);

        CREATE TABLE monitor_items (
            id $ID,
            monitor_id $BIGINT NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            definition TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_monitor_items_name ON monitor_items (monitor_id, name_key);
        CREATE INDEX ix_monitor_items_position ON monitor_items (monitor_id, position);

        CREATE TABLE monitor_skip_rules (
            id $ID,
            monitor_id $BIGINT NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
            definition TEXT NOT NULL
        );
        CREATE INDEX ix_monitor_skip_rules_monitor ON monitor_skip_rules (monitor_id);

        CREATE TABLE monitor_checkpoints (
            account_id $BIGINT NOT NULL,
            folder_key TEXT NOT NULL,
            checkpoint TEXT NULL,
            updated_at $BIGINT NOT NULL,
            PRIMARY KEY (account_id, folder_key)
        );

        CREATE TABLE monitor_messages (
            id $ID,
            account_id $BIGINT NOT NULL,
            folder_key TEXT NOT NULL,
            mailbox_id TEXT NOT NULL,
            size $BIGINT NULL,
            message_id TEXT NULL,
            digest TEXT NOT NULL,
            raw_path TEXT NULL,
            state TEXT NOT NULL,
            outcome TEXT NULL,
            record_id $BIGINT NULL,
            reason TEXT NULL,
            flagged $BOOL NOT NULL,
            post_action_done $BOOL NOT NULL,
            post_action_error TEXT NULL,
            sender TEXT NULL,
            subject TEXT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            received_at $BIGINT NOT NULL,
            filed_at $BIGINT NULL,
            completed_at $BIGINT NULL
        );
        CREATE UNIQUE INDEX ux_monitor_messages_mailbox ON monitor_messages (account_id, folder_key, mailbox_id);
        CREATE INDEX ix_monitor_messages_content ON monitor_messages (digest, message_id);
        CREATE INDEX ix_monitor_messages_state ON monitor_messages (account_id, state);
        CREATE INDEX ix_monitor_messages_outcome ON monitor_messages (outcome, account_id);
        CREATE INDEX ix_monitor_messages_sender ON monitor_messages (sender, outcome, filed_at);

        CREATE TABLE monitor_message_raw (
            message_row_id $BIGINT NOT NULL PRIMARY KEY REFERENCES monitor_messages (id) ON DELETE CASCADE,
            raw $BLOB NOT NULL
        )
        """;
}
