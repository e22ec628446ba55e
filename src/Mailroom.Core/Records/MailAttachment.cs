namespace Mailroom.Core.Records;

/// <summary>
/// A file attachment or inline image of a Mail History entry. The bytes are loaded only when asked for
/// (<see cref="Content"/> is null in listings).
/// </summary>
/// <param name="ContentId">The Content-ID an HTML body refers to (<c>cid:</c>), for inline images.</param>
/// <param name="IsInline">An image shown inside the HTML body rather than a file offered for download.</param>
/// <param name="Id">The store's key.</param>
/// <param name="FileName">The file name as the mail gave it, or a made-up one.</param>
/// <param name="ContentType">The MIME type, e.g. <c>application/pdf</c>.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Content">The bytes, when loaded.</param>
public sealed record MailAttachment(
    long Id,
    string FileName,
    string ContentType,
    long Size,
    string? ContentId,
    bool IsInline,
    ReadOnlyMemory<byte>? Content = null);
