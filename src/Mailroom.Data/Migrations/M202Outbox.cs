namespace Mailroom.Data.Migrations;

/// <summary>
/// The outbox: one row per message to send, pointing at its Mail History entry, whose raw bytes (in
/// <c>mail_raw</c>) are exactly what is sent on every try. <c>claimed_by</c>/<c>claimed_until</c> are the lease a
/// node holds while it works a row; a lease that runs out (the node died) frees the row for another.
/// </summary>
internal sealed class M202Outbox : IMigration
{
    public int Version => 202;

    public string Name => "outbox";

    public string Sql => """
        CREATE TABLE outbox (
            id $ID,
            entry_id $BIGINT NOT NULL REFERENCES journal_entries (id),
            record_id $BIGINT NULL REFERENCES records (id),
            account_id $BIGINT NOT NULL,
            sender_user TEXT NULL,
            subject TEXT NULL,
            recipients TEXT NOT NULL,
            message_id TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            created_at $BIGINT NOT NULL,
            next_attempt_at $BIGINT NOT NULL,
            give_up_at $BIGINT NOT NULL,
            claimed_by TEXT NULL,
            claimed_until $BIGINT NULL,
            last_error TEXT NULL,
            sent_at $BIGINT NULL,
            unknown_outcome $BOOL NOT NULL
        );
        CREATE UNIQUE INDEX ux_outbox_entry ON outbox (entry_id);
        CREATE INDEX ix_outbox_due ON outbox (state, next_attempt_at)
        """;
}
