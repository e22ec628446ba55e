namespace Mailroom.Data.Monitor;

/// <summary>
/// A message's raw bytes as downloaded, held until its batch is written to the ledger: in memory when small, else
/// in a scratch file on the data disk that is deleted when this is disposed. Nothing here is durable yet; the batch's
/// commit in <see cref="MonitorMessageStore.ReceiveAsync"/> is what makes it so.
/// </summary>
/// <param name="Content">The bytes, seekable, from position 0.</param>
/// <param name="Digest">SHA-256 of the bytes, lower-case hex.</param>
public sealed record StagedMessage(Stream Content, string Digest) : IAsyncDisposable
{
    /// <summary>The number of bytes.</summary>
    public long Size => Content.Length;

    /// <summary>Whether the bytes are in memory (a <see cref="MemoryStream"/>) rather than in a scratch file.</summary>
    public bool InMemory => Content is MemoryStream;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
