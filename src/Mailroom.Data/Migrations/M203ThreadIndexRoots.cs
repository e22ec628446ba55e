namespace Mailroom.Data.Migrations;

/// <summary>
/// Outlook's Thread-Index beside each Mail History entry: <c>thread_index</c> the whole value (base64, as read or as
/// sent, so a reply can append its block to it) and <c>thread_root</c> its 22-byte header block as upper-case hex,
/// the conversation's name, indexed because the monitor looks records up by it when a reply lost its In-Reply-To and
/// References. Both stay null for mail without a readable Thread-Index (and for everything filed before this).
/// </summary>
internal sealed class M203ThreadIndexRoots : IMigration
{
    public int Version => 203;

    public string Name => "mail history: Thread-Index and its root";

    public string Sql => """
        ALTER TABLE mail_history ADD COLUMN thread_index TEXT NULL;
        ALTER TABLE mail_history ADD COLUMN thread_root TEXT NULL;
        CREATE INDEX ix_mail_history_thread_root ON mail_history (thread_root)
        """;
}
