using Mailroom.Core.Records;

namespace Mailroom.Data.Records;

/// <summary>
/// An attachment opened for reading: its details, where it is filed, and its bytes as a stream straight from the
/// database. Disposing it closes the stream and the connection behind it.
/// </summary>
public sealed class StoredAttachment : IAsyncDisposable, IDisposable
{
    private readonly IAsyncDisposable _owner;

    internal StoredAttachment(MailAttachment attachment, long entryId, long? recordId, Stream content, IAsyncDisposable owner)
    {
        Attachment = attachment;
        EntryId = entryId;
        RecordId = recordId;
        Content = content;
        _owner = owner;
    }

    public MailAttachment Attachment { get; }

    /// <summary>The Mail History entry it belongs to.</summary>
    public long EntryId { get; }

    /// <summary>The record whose journal holds the entry; null for mail kept on a customer only.</summary>
    public long? RecordId { get; }

    /// <summary>The bytes, read as they are sent on (never held in memory whole).</summary>
    public Stream Content { get; }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        await _owner.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
