namespace Mailroom.Data.Migrations;

/// <summary>Installation settings as key/value text (the Conversation ID prefix and whatever follows).</summary>
internal sealed class M102Settings : IMigration
{
    public int Version => 102;

    public string Name => "settings";

    public string Sql => """
        CREATE TABLE settings (
            key TEXT NOT NULL PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at $BIGINT NOT NULL
        )
        """;
}
