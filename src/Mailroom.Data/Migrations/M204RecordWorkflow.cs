namespace Mailroom.Data.Migrations;

/// <summary>
/// The desk's workflow on records: who a record is assigned to, which closed record a new one follows up, and who
/// wrote each journal entry. People are kept as text (their address, or name and address), not as a key into the
/// users: a deleted user's notes and changes keep the name they were made under.
/// </summary>
internal sealed class M204RecordWorkflow : IMigration
{
    public int Version => 204;

    public string Name => "record workflow: assignee, follow-up link, journal author";

    public string Sql => """
        ALTER TABLE records ADD COLUMN assignee TEXT NULL;
        ALTER TABLE records ADD COLUMN assignee_key TEXT NULL;
        ALTER TABLE records ADD COLUMN follows_up_id $BIGINT NULL;
        ALTER TABLE journal_entries ADD COLUMN author TEXT NULL;
        CREATE INDEX ix_records_assignee ON records (assignee_key, id);
        CREATE INDEX ix_outbox_record ON outbox (record_id, account_id)
        """;
}
