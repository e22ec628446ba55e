namespace Mailroom.Data.Migrations;

/// <summary>
/// The raw message stored once (issue #16). Received mail used to be written twice: into the ledger
/// (<c>monitor_message_raw</c>, durable before filing) and again into the journal's <c>mail_raw</c> when filed, about
/// 240 GB a day of duplicate bytes at 100,000 mailboxes. From here a Mail History entry of received mail points at the
/// ledger row (<c>received_message_id</c>, a foreign key, so no ledger bytes a journal entry still shows can be
/// deleted) and keeps no copy of its own; outgoing mail keeps its one copy in <c>mail_raw</c>, which the outbox sends.
/// </summary>
/// <remarks>
/// <para>
/// Existing duplicates are folded the same way: an incoming entry whose <c>mail_raw</c> bytes equal those of a ledger
/// row of the same record is pointed at that row and its <c>mail_raw</c> row deleted. Candidates are narrowed by
/// record, Message-ID (or both having none) and size, all equalities the database can hash or index, before any
/// bytes are compared, so this is never a cross join of the two tables. The bytes themselves are then compared in
/// SQL (<c>=</c> on SQLite blobs and PostgreSQL bytea), so only an identical copy is ever given up. Entries with no
/// identical ledger copy keep theirs: mail filed before the ledger kept raw bytes in the database (SQLite rows with a
/// <c>raw_path</c> file), or whose ledger copy differs.
/// </para>
/// <para>
/// The index on <c>received_message_id</c> is what a delete of ledger rows checks the reference with; without it
/// every such delete would scan the Mail History. SQLite gives the freed pages back to its free list, not to the
/// disk: <c>VACUUM</c> shrinks the file.
/// </para>
/// </remarks>
internal sealed class M303RawStoredOnce : IMigration
{
    public int Version => 303;

    public string Name => "journal: received mail's raw message is the ledger's copy (stored once)";

    public string Sql => """
        ALTER TABLE mail_history ADD COLUMN received_message_id $BIGINT NULL REFERENCES monitor_message_raw (message_row_id);
        CREATE INDEX ix_mail_history_received ON mail_history (received_message_id);

        CREATE TEMPORARY TABLE raw_once_pairs (entry_id $BIGINT PRIMARY KEY, ledger_id $BIGINT NOT NULL);
        INSERT INTO raw_once_pairs (entry_id, ledger_id)
            SELECT h.entry_id, MIN(r.message_row_id)
            FROM mail_history h
            JOIN journal_entries j ON j.id = h.entry_id
            JOIN mail_raw c ON c.entry_id = h.entry_id
            JOIN monitor_messages mm ON mm.record_id = j.record_id AND mm.message_id = h.message_id AND mm.size = h.raw_size
            JOIN monitor_message_raw r ON r.message_row_id = mm.id
            WHERE h.direction = 'in' AND r.raw = c.content
            GROUP BY h.entry_id;
        INSERT INTO raw_once_pairs (entry_id, ledger_id)
            SELECT h.entry_id, MIN(r.message_row_id)
            FROM mail_history h
            JOIN journal_entries j ON j.id = h.entry_id
            JOIN mail_raw c ON c.entry_id = h.entry_id
            JOIN monitor_messages mm ON mm.record_id = j.record_id AND mm.size = h.raw_size
            JOIN monitor_message_raw r ON r.message_row_id = mm.id
            WHERE h.direction = 'in' AND h.message_id IS NULL AND mm.message_id IS NULL AND r.raw = c.content
            GROUP BY h.entry_id;

        UPDATE mail_history SET received_message_id = (SELECT p.ledger_id FROM raw_once_pairs p WHERE p.entry_id = mail_history.entry_id)
            WHERE entry_id IN (SELECT entry_id FROM raw_once_pairs);
        DELETE FROM mail_raw WHERE entry_id IN (SELECT entry_id FROM raw_once_pairs);
        DROP TABLE raw_once_pairs
        """;
}
