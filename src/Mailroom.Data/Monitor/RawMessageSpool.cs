using System.Security.Cryptography;

namespace Mailroom.Data.Monitor;

/// <summary>
/// Writes raw messages to <c>&lt;data-dir&gt;/mail/</c> as they stream from the server, hashing on the way, so a
/// message is never held whole in memory. A file is synced to disk, and so is its directory, before the caller
/// marks the message received: after a crash the ledger never points at a file that is not there.
/// </summary>
public sealed class RawMessageSpool
{
    private const int BufferSize = 81920;

    /// <summary>Age past which a scratch file is a leftover of a killed process.</summary>
    private static readonly TimeSpan StaleScratchAge = TimeSpan.FromDays(1);

    private int _scratchSwept;

    public RawMessageSpool(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Root = Path.Combine(DataDirectory, "mail");
    }

    public string DataDirectory { get; }

    /// <summary>Where raw mail lives: <c>&lt;data-dir&gt;/mail</c>.</summary>
    public string Root { get; }

    /// <summary>
    /// Copies <paramref name="source"/> into a new durable file under <c>mail/&lt;account&gt;/&lt;yyyy-MM&gt;/</c>.
    /// The file is written under a temporary name and renamed once complete, so a crash mid-copy leaves only a
    /// <c>.part</c> file that nothing refers to.
    /// </summary>
    public async Task<SpooledMessage> WriteAsync(long accountId, Stream source, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Root, accountId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        if (!Directory.Exists(directory))
        {
            Files.DataDirectoryAccess.CreateDirectory(directory);
            DurableFiles.SyncDirectory(Path.GetDirectoryName(directory)!);
            DurableFiles.SyncDirectory(Root);
        }

        var name = Guid.NewGuid().ToString("N");
        var partial = Path.Combine(directory, name + ".part");
        var final = Path.Combine(directory, name + ".eml");
        string digest;
        long size;
        try
        {
            await using (var file = new FileStream(partial, Files.DataDirectoryAccess.NewFile(BufferSize)))
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                file.Flush(flushToDisk: true);
                size = file.Length;
                digest = Convert.ToHexStringLower(sha.GetHashAndReset());
            }

            File.Move(partial, final);
            DurableFiles.SyncDirectory(directory);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }

        return new SpooledMessage(final, digest, size);
    }

    /// <summary>The path stored in the ledger: relative to the data directory, so the directory can move.</summary>
    public string Relative(string path) => Path.GetRelativePath(DataDirectory, path);

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
            DeleteStaleScratch(directory, DateTime.UtcNow - StaleScratchAge);
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
