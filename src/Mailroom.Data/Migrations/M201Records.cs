namespace Mailroom.Data.Migrations;

/// <summary>
/// Records, customers, journals and Mail History. Attachment and raw-message bytes live in their own tables, in the
/// database rather than in files: they are then written in the same transaction as the entry that owns them (the
/// monitor's exactly-once filing and the outbox both rely on that), every node of a PostgreSQL installation sees
/// them without a shared file system, and one backup holds everything.
/// </summary>
internal sealed class M201Records : IMigration
{
    public int Version => 201;

    public string Name => "records, customers, journal, mail history";

    public string Sql => """
        CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value $BIGINT NOT NULL
        );
        INSERT INTO counters (name, value) VALUES ('record_number', 0);
        INSERT INTO counters (name, value) VALUES ('conversation_id', 0);

        CREATE TABLE customers (
            id $ID,
            address TEXT NOT NULL,
            address_key TEXT NOT NULL,
            name TEXT NULL,
            created_at $BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX ux_customers_address_key ON customers (address_key);

        CREATE TABLE records (
            id $ID,
            record_type TEXT NOT NULL,
            number $BIGINT NOT NULL,
            subject TEXT NOT NULL,
            description TEXT NULL,
            status TEXT NOT NULL,
            priority TEXT NOT NULL,
            requester_id $BIGINT NULL REFERENCES customers (id),
            created_at $BIGINT NOT NULL,
            updated_at $BIGINT NOT NULL
        );
        CREATE UNIQUE INDEX ux_records_number ON records (number);
        CREATE INDEX ix_records_status ON records (status, id);
        CREATE INDEX ix_records_requester ON records (requester_id, id);

        CREATE TABLE journal_entries (
            id $ID,
            record_id $BIGINT NULL REFERENCES records (id),
            customer_id $BIGINT NULL REFERENCES customers (id),
            kind TEXT NOT NULL,
            created_at $BIGINT NOT NULL,
            text TEXT NULL,
            needs_attention $BOOL NOT NULL,
            attention_reason TEXT NULL
        );
        CREATE INDEX ix_journal_record ON journal_entries (record_id, id);
        CREATE INDEX ix_journal_customer ON journal_entries (customer_id, id);

        CREATE TABLE mail_history (
            entry_id $BIGINT PRIMARY KEY REFERENCES journal_entries (id),
            direction TEXT NOT NULL,
            from_address TEXT NULL,
            to_addresses TEXT NULL,
            cc_addresses TEXT NULL,
            bcc_addresses TEXT NULL,
            subject TEXT NULL,
            sent_at $BIGINT NULL,
            message_id TEXT NULL,
            message_id_key TEXT NULL,
            in_reply_to TEXT NULL,
            reference_ids TEXT NULL,
            conversation_id TEXT NULL,
            conversation_key TEXT NULL,
            text_body TEXT NULL,
            html_body TEXT NULL,
            delivery_state TEXT NULL,
            delivery_detail TEXT NULL,
            raw_size $BIGINT NOT NULL
        );
        CREATE INDEX ix_mail_history_message_id ON mail_history (message_id_key);
        CREATE INDEX ix_mail_history_conversation ON mail_history (conversation_key);

        CREATE TABLE mail_raw (
            entry_id $BIGINT PRIMARY KEY REFERENCES journal_entries (id),
            content $BLOB NOT NULL
        );

        CREATE TABLE mail_attachments (
            id $ID,
            entry_id $BIGINT NOT NULL REFERENCES journal_entries (id),
            position INTEGER NOT NULL,
            file_name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size $BIGINT NOT NULL,
            content_id TEXT NULL,
            is_inline $BOOL NOT NULL,
            content $BLOB NOT NULL
        );
        CREATE INDEX ix_mail_attachments_entry ON mail_attachments (entry_id, position)
        """;
}
