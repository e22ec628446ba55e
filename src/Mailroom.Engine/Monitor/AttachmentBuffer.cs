namespace Mailroom.Engine.Monitor;

/// <summary>
/// Where one attachment is decoded to: memory while it is small, then a scratch file on the data disk. It counts
/// the bytes as they come and throws <see cref="AttachmentTooLargeException"/> the moment they pass the limit, so
/// decoding stops there and the rest of the part is never read. Write-only.
/// </summary>
internal sealed class AttachmentBuffer(long maxBytes, int memoryBytes, Func<string> newFilePath) : Stream
{
    private const int FileBufferSize = 81920;
    private MemoryStream? _memory = new();
    private FileStream? _file;

    /// <summary>The scratch file, once the bytes outgrew memory; the owner deletes it.</summary>
    public string? FilePath { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    /// <summary>Bytes written so far.</summary>
    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    private long Written { get; set; }

    /// <summary>The bytes when they stayed in memory; null when they are in <see cref="FilePath"/>.</summary>
    public byte[]? InMemory => _memory?.ToArray();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Reserve(buffer.Length);
        if (_file is null && _memory!.Length + buffer.Length > memoryBytes)
        {
            Spill();
        }

        if (_file is not null)
        {
            _file.Write(buffer);
        }
        else
        {
            _memory!.Write(buffer);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Reserve(buffer.Length);
        if (_file is null && _memory!.Length + buffer.Length > memoryBytes)
        {
            Spill();
        }

        if (_file is not null)
        {
            await _file.WriteAsync(buffer, cancellationToken);
        }
        else
        {
            _memory!.Write(buffer.Span);
        }
    }

    /// <summary>Writes out what is buffered and closes the file (when there is one), so it can be read from its path.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_file is not null)
        {
            await _file.FlushAsync(cancellationToken);
            await _file.DisposeAsync();
            _file = null;
        }
    }

    public override void Flush() => _file?.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file?.Dispose();
            _memory?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Reserve(int count)
    {
        if (Written + count > maxBytes)
        {
            throw new AttachmentTooLargeException();
        }

        Written += count;
    }

    /// <summary>Moves what memory holds into a new scratch file, which takes every later write.</summary>
    private void Spill()
    {
        FilePath = newFilePath();
        _file = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, FileBufferSize, useAsync: true);
        _memory!.Position = 0;
        _memory.CopyTo(_file);
        _memory.Dispose();
        _memory = null;
    }
}
