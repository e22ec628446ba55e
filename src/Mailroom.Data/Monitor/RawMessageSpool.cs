using System.Security.Cryptography;

namespace Mailroom.Data.Monitor;

/// <summary>
/// Holds raw messages between the download and their batch's commit to the ledger, and the scratch files of the
/// monitor, under <c>&lt;data-dir&gt;/mail/</c>. A message is hashed as it streams from the server and kept in memory
/// when small (at most <see cref="InMemoryBytes"/>), else in a scratch file, so a large message is never held whole in
/// memory. Nothing here is synced to disk: the raw bytes are made durable by the database, in the same transaction as
/// their ledger rows, one commit (one fsync) per batch (<see cref="MonitorMessageStore.ReceiveAsync"/>).
/// </summary>
/// <remarks>
/// Earlier versions kept each raw message on SQLite here as its own file, synced with its directory: two fsyncs per
/// message, the largest cost of the monitor. Rows written then keep their <c>raw_path</c>, read through
/// <see cref="Absolute"/>.
/// </remarks>
public sealed class RawMessageSpool
{
    private const int BufferSize = 81920;

    /// <summary>
    /// A message up to this size is held in memory until its batch commits; a larger one goes to a scratch file. The
    /// IMAP mailbox keeps messages up to the same size in memory already (1 MB).
    /// </summary>
    public const int InMemoryBytes = 1024 * 1024;

    /// <summary>Age past which a scratch file is a leftover of a killed process.</summary>
    private static readonly TimeSpan StaleScratchAge = TimeSpan.FromDays(1);

    private readonly TimeProvider _time;
    private int _scratchSwept;

    public RawMessageSpool(string dataDirectory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        DataDirectory = Path.GetFullPath(dataDirectory);
        Root = Path.Combine(DataDirectory, "mail");
    }

    public string DataDirectory { get; }

    /// <summary>Where raw mail files live: <c>&lt;data-dir&gt;/mail</c>.</summary>
    public string Root { get; }

    /// <summary>
    /// Copies <paramref name="source"/> (read to its end) into memory or a scratch file, hashing it on the way. The
    /// caller disposes the result once its batch is committed; a scratch file is deleted then.
    /// </summary>
    public async Task<StagedMessage> StageAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var small = source.CanSeek && source.Length - source.Position <= InMemoryBytes;
        Stream target = small
            ? new MemoryStream((int)(source.Length - source.Position))
            : new FileStream(NewScratchPath(), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, BufferSize,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            if (small && source is MemoryStream memory && memory.TryGetBuffer(out var held))
            {
                // What the mailboxes hand over for nearly every message: already in memory, so hashed and copied in
                // one go rather than through a buffer of its own.
                var bytes = held.AsSpan((int)memory.Position);
                target.Write(bytes);
                memory.Position = memory.Length;
                target.Position = 0;
                return new StagedMessage(target, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            }

            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[BufferSize];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            target.Position = 0;
            return new StagedMessage(target, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The raw file of a ledger row an earlier version wrote on SQLite (its path relative to the data directory); filing
    /// the row moves the bytes into the database (<see cref="MonitorMessageStore.MoveRawFileIntoDatabaseAsync"/>).
    /// </summary>
    public string Absolute(string relativePath) => Path.GetFullPath(Path.Combine(DataDirectory, relativePath));

    /// <summary>
    /// A scratch file name under <c>mail/scratch</c>: a message read back from PostgreSQL to be parsed from disk
    /// (<c>.eml</c>), an attachment decoded on its way into the database (<c>.attachment</c>). On the data disk, not
    /// in /tmp, which may be memory.
    /// </summary>
    public string NewScratchPath(string extension = ".eml")
    {
        var directory = Path.Combine(Root, "scratch");
        Files.DataDirectoryAccess.CreateDirectory(directory);
        if (Interlocked.Exchange(ref _scratchSwept, 1) == 0)
        {
            DeleteStaleScratch(directory, _time.GetUtcNow().UtcDateTime - StaleScratchAge);
        }

        return Path.Combine(directory, Guid.NewGuid().ToString("N") + extension);
    }

    /// <summary>
    /// Scratch files are deleted when done with, but a process killed mid-filing leaves its own behind: the first
    /// scratch file a process asks for sweeps away those older than <see cref="StaleScratchAge"/> (nothing is still
    /// reading a file that old; nothing in the ledger ever refers to one).
    /// </summary>
    private static void DeleteStaleScratch(string directory, DateTime before)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (File.GetLastWriteTimeUtc(file) < before)
            {
                TryDelete(file);
            }
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover file is harmless: nothing in the ledger refers to it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
