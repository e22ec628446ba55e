namespace Mailroom.Core.Records;

/// <summary>
/// An attachment or inline image to store with a new Mail History entry: its bytes in <paramref name="Content"/>, or,
/// for one decoded to disk, in the file <see cref="Spooled"/> names (then <paramref name="Content"/> is empty).
/// </summary>
public sealed record NewAttachment(string FileName, string ContentType, string? ContentId, bool IsInline, ReadOnlyMemory<byte> Content)
{
    /// <summary>The file holding the bytes, when they are not in <see cref="Content"/>.</summary>
    public SpooledContent? Spooled { get; init; }

    /// <summary>The number of bytes stored.</summary>
    public long Size => Spooled?.Length ?? Content.Length;

    /// <summary>An attachment whose bytes are in a file, streamed into the store when the entry is written.</summary>
    public static NewAttachment FromFile(string fileName, string contentType, string? contentId, bool isInline, SpooledContent spooled) =>
        new(fileName, contentType, contentId, isInline, ReadOnlyMemory<byte>.Empty) { Spooled = spooled };
}
