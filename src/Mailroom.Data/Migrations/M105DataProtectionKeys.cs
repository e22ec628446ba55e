namespace Mailroom.Data.Migrations;

/// <summary>
/// The Data Protection key ring on PostgreSQL, so every node unseals what any node sealed. (On SQLite the ring lives
/// in <c>&lt;data-dir&gt;/keys</c>; the table stays empty.)
/// </summary>
internal sealed class M105DataProtectionKeys : IMigration
{
    public int Version => 105;

    public string Name => "data protection keys";

    public string Sql => """
        CREATE TABLE data_protection_keys (
            id $ID,
            friendly_name TEXT NOT NULL,
            xml TEXT NOT NULL,
            created_at $BIGINT NOT NULL
        )
        """;
}
