namespace Mailroom.Core.Monitor;

/// <summary>A file carried by an incoming message (also inside uuencoded text or a TNEF winmail.dat).</summary>
/// <param name="FileName">The name the sender gave it, or one made up from the content type when it had none.</param>
/// <param name="ContentType">The MIME type, e.g. <c>image/png</c>.</param>
/// <param name="Size">Decoded size in bytes.</param>
/// <param name="ContentId">The Content-ID without angle brackets, for inline images an HTML body refers to.</param>
/// <param name="IsInline">Shown inside the body (Content-Disposition inline or referenced by Content-ID).</param>
public sealed record IncomingAttachment(string FileName, string ContentType, long Size, string? ContentId, bool IsInline);
