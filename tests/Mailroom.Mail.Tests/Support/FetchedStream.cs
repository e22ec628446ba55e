namespace Mailroom.Mail.Tests.Support;

/// <summary>
/// The content of one message fetched through <see cref="IIncomingMailbox.FetchAsync"/>, held open: readable until
/// disposed, which ends the enumeration so the mailbox closes what it yielded.
/// </summary>
internal sealed class FetchedStream(IAsyncEnumerator<FetchedMessage> items, Stream content) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => content.CanSeek;

    public override bool CanWrite => false;

    public override long Length => content.Length;

    public override long Position { get => content.Position; set => content.Position = value; }

    public override int Read(byte[] buffer, int offset, int count) => content.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => content.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => content.ReadAsync(buffer, offset, count, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => content.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await items.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            items.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }
}
