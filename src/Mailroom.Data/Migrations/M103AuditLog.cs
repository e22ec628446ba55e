namespace Mailroom.Data.Migrations;

/// <summary>
/// Who changed what and when. <c>fields</c> holds the changed fields' names, comma-separated, never their values;
/// <c>account_id</c> is kept (not a foreign key) so entries outlive a deleted account.
/// </summary>
internal sealed class M103AuditLog : IMigration
{
    public int Version => 103;

    public string Name => "audit log";

    public string Sql => """
        CREATE TABLE audit_log (
            id $ID,
            at $BIGINT NOT NULL,
            actor TEXT NOT NULL,
            account_id $BIGINT NULL,
            account_name TEXT NULL,
            action TEXT NOT NULL,
            fields TEXT NOT NULL
        );
        CREATE INDEX ix_audit_log_account ON audit_log (account_id, at)
        """;
}
