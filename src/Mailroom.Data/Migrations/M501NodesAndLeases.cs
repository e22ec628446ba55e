namespace Mailroom.Data.Migrations;

/// <summary>
/// The nodes sharing one database and the account leases they hold. A lease row is never deleted: releasing it only
/// expires it, so its fencing token keeps counting up across every holder and an old token is never handed out again.
/// </summary>
internal sealed class M501NodesAndLeases : IMigration
{
    public int Version => 501;

    public string Name => "nodes and account leases";

    public string Sql => """
        CREATE TABLE nodes (
            name TEXT NOT NULL PRIMARY KEY,
            started_at $BIGINT NOT NULL,
            heartbeat_at $BIGINT NOT NULL,
            expires_at $BIGINT NOT NULL
        );
        CREATE TABLE account_leases (
            account_id $BIGINT NOT NULL PRIMARY KEY,
            holder TEXT NOT NULL,
            token $BIGINT NOT NULL,
            acquired_at $BIGINT NOT NULL,
            expires_at $BIGINT NOT NULL
        );
        CREATE INDEX ix_account_leases_holder ON account_leases (holder, expires_at)
        """;
}
