using Mailroom.Data.Migrations;

namespace Mailroom.Data.Monitor;

/// <summary>
/// The digest of what a message's author wrote (<c>content_digest</c>, without the trace headers servers add on the
/// way; see <c>Mailroom.Mail.Parsing.AuthoredContentDigest</c>) beside the digest of its raw bytes: the same mail
/// delivered twice, with other <c>Received</c> or <c>Delivered-To</c> headers, is then found by Message-ID and this
/// digest and filed once. Null for mail filed before this migration and for mail above the size limit (its body is
/// never read): those are matched by their raw digest only, as before.
/// </summary>
internal sealed class MonitorContentDigestMigration : IMigration
{
    public int Version => 304;

    public string Name => "monitor: content digest without trace headers";

    public string Sql => """
        ALTER TABLE monitor_messages ADD COLUMN content_digest TEXT NULL;
        CREATE INDEX ix_monitor_messages_authored ON monitor_messages (message_id, content_digest)
        """;
}
