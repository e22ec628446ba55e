using System.Collections.Concurrent;
using Mailroom.Data.Monitor;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// The bytes of the messages this check received, held from their download until they are filed, so that filing
/// parses what came off the wire instead of reading each message back out of the ledger: the durable copy is there for
/// a restart, not for the normal path. A message that was not kept (larger than memory holds, beyond the budget,
/// received by an earlier run) is read from the ledger as after a crash, so the result is the same either way.
/// </summary>
/// <remarks>
/// The download of one batch and the filing of the one before it run at the same time (see
/// <see cref="MonitorRunner"/>), so keeping and taking are safe from two tasks. Bounded by <paramref name="budgetBytes"/>
/// so that a batch of large messages cannot hold much more memory than the staged batch did.
/// </remarks>
internal sealed class ReceivedBytes(long budgetBytes)
{
    private readonly ConcurrentDictionary<long, ReadOnlyMemory<byte>> _kept = new();
    private long _held;

    /// <summary>An instance that keeps nothing: every message is read from the ledger.</summary>
    public static ReceivedBytes None { get; } = new(0);

    /// <summary>
    /// Keeps the staged bytes of a message just made durable under ledger row <paramref name="rowId"/>, when they are
    /// in memory and the budget allows. Must be called before <paramref name="raw"/> is disposed; the bytes stay valid
    /// after (a disposed <see cref="MemoryStream"/> leaves its buffer to the garbage collector).
    /// </summary>
    public void Keep(long rowId, StagedMessage raw)
    {
        if (raw.Content is not MemoryStream memory || !memory.TryGetBuffer(out var buffer))
        {
            return;
        }

        if (Interlocked.Add(ref _held, buffer.Count) > budgetBytes)
        {
            Interlocked.Add(ref _held, -buffer.Count);
            return;
        }

        _kept[rowId] = buffer.AsMemory();
    }

    /// <summary>The kept bytes of ledger row <paramref name="rowId"/> as a readable stream, or null when none were kept.</summary>
    public Stream? Take(long rowId)
    {
        if (!_kept.TryRemove(rowId, out var bytes))
        {
            return null;
        }

        Interlocked.Add(ref _held, -bytes.Length);
        return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
    }
}
