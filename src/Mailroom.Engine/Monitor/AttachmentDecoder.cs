using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using MimeKit;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Decodes the attachments of one message for import, each within the item's size limit: small ones into memory
/// (up to a budget per message), the rest into scratch files under the data directory that the journal streams into
/// the database. Disposing it deletes the files, so it must outlive the write of the entry.
/// </summary>
internal sealed class AttachmentDecoder(RawMessageSpool spool) : IAsyncDisposable
{
    /// <summary>Largest attachment kept in memory rather than on disk.</summary>
    internal const int MemoryBytesPerAttachment = 256 * 1024;

    /// <summary>Memory all of a message's attachments may take together; past it every attachment goes to disk.</summary>
    internal const long MemoryBytesPerMessage = 4 * 1024 * 1024;

    private readonly List<string> _files = [];
    private long _memoryUsed;

    /// <summary>
    /// The part's decoded bytes as an attachment to store, or null when they come to more than
    /// <paramref name="maxBytes"/>: decoding stops as soon as the limit is passed and nothing is kept.
    /// </summary>
    public async Task<NewAttachment?> DecodeAsync(MimePart part, string fileName, string? contentId, bool isInline, long maxBytes, CancellationToken cancellationToken)
    {
        var type = part.ContentType.MimeType;
        var memory = (int)Math.Max(0, Math.Min(MemoryBytesPerAttachment, MemoryBytesPerMessage - _memoryUsed));
        await using var buffer = new AttachmentBuffer(maxBytes, memory, () => spool.NewScratchPath(".attachment"));
        try
        {
            if (part.Content is { } content)
            {
                await content.DecodeToAsync(buffer, cancellationToken);
            }

            await buffer.CompleteAsync(cancellationToken);
        }
        catch (AttachmentTooLargeException)
        {
            Forget(buffer.FilePath);
            return null;
        }
        catch
        {
            Forget(buffer.FilePath);
            throw;
        }

        if (buffer.FilePath is { } path)
        {
            _files.Add(path);
            return NewAttachment.FromFile(fileName, type, contentId, isInline, new SpooledContent(path, buffer.Length));
        }

        _memoryUsed += buffer.Length;
        return new NewAttachment(fileName, type, contentId, isInline, buffer.InMemory!);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var file in _files)
        {
            RawMessageSpool.TryDelete(file);
        }

        _files.Clear();
        return ValueTask.CompletedTask;
    }

    private static void Forget(string? path)
    {
        if (path is not null)
        {
            RawMessageSpool.TryDelete(path);
        }
    }
}
