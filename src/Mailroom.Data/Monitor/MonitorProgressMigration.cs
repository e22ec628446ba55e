using Mailroom.Data.Migrations;

namespace Mailroom.Data.Monitor;

/// <summary>
/// How far each account's running check has got (<c>monitor_progress</c>, one row per account): what the monitor page
/// and the API show during long work such as an initial sync. It is in the database, not in the process, because the
/// check may run in another process (<c>monitor run</c>) or on another node (<c>serve</c> on PostgreSQL) than the page.
/// </summary>
/// <remarks>
/// The row is written when a check of more than one batch starts, moved as batches are filed (at most once a second),
/// and given <c>finished_at</c> when the check ends; the next such check overwrites it. What was listed but not yet
/// received exists nowhere else: the ledger only learns of a message once it is downloaded.
/// </remarks>
internal sealed class MonitorProgressMigration : IMigration
{
    public int Version => 310;

    public string Name => "monitor: progress of the running check";

    public string Sql => """
        CREATE TABLE monitor_progress (
            account_id $BIGINT NOT NULL PRIMARY KEY,
            is_initial $BOOL NOT NULL,
            listed INTEGER NOT NULL,
            listed_bytes $BIGINT NULL,
            received INTEGER NOT NULL,
            received_bytes $BIGINT NOT NULL,
            filed INTEGER NOT NULL,
            started_at $BIGINT NOT NULL,
            updated_at $BIGINT NOT NULL,
            finished_at $BIGINT NULL
        )
        """;
}
