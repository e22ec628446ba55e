using Mailroom.Data.Records;
using Microsoft.AspNetCore.Mvc;

namespace Mailroom.Shapes;

/// <summary>How an attachment goes to a browser or API client: as a download, under a type that cannot run.</summary>
internal static class AttachmentDownload
{
    /// <summary>Types a browser shows or saves but never runs; everything else goes as <c>application/octet-stream</c>.</summary>
    private static readonly HashSet<string> InertTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "application/pdf", "text/plain", "text/csv",
        "application/zip", "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
        "message/rfc822", "text/calendar",
    };

    public static string SafeContentType(string? contentType)
    {
        var bare = (contentType ?? "").Split(';')[0].Trim();
        return InertTypes.Contains(bare) ? bare.ToLowerInvariant() : "application/octet-stream";
    }

    /// <summary>A file name without path parts or control characters; <c>attachment</c> when nothing is left.</summary>
    public static string SafeFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c != '"').ToArray()).Trim();
        return name.Length == 0 ? "attachment" : name;
    }

    /// <summary>The download of <paramref name="stored"/>; the caller registers it for disposal with the response.</summary>
    public static FileStreamResult Result(StoredAttachment stored) =>
        new(stored.Content, SafeContentType(stored.Attachment.ContentType))
        {
            FileDownloadName = SafeFileName(stored.Attachment.FileName),
            EnableRangeProcessing = false,
        };
}
