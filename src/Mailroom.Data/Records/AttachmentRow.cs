using Mailroom.Core.Records;

namespace Mailroom.Data.Records;

/// <summary>A mail_attachments row without its bytes.</summary>
internal sealed class AttachmentRow
{
    public const string Select = """
        SELECT id AS Id, entry_id AS EntryId, file_name AS FileName, content_type AS ContentType, size AS Size,
               content_id AS ContentId, is_inline AS IsInline
        FROM mail_attachments
        """;

    public long Id { get; set; }

    public long EntryId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    public string? ContentId { get; set; }

    public bool IsInline { get; set; }

    public MailAttachment ToAttachment(byte[]? content = null) =>
        new(Id, FileName, ContentType, Size, ContentId, IsInline, content is null ? null : content);
}
