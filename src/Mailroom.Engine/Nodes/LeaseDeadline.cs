namespace Mailroom.Engine.Nodes;

/// <summary>
/// The local stop time of work done under a lease in the database (a monitor's account lease, the outbox's claims):
/// on this process's monotonic clock, so a wall-clock jump can neither stretch nor cut it, counted from just before
/// the renewal that granted the lease was sent, and a stop margin short of the lease's length, so the work has stopped
/// before another node may take the lease over.
/// </summary>
internal static class LeaseDeadline
{
    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) at which work must stop.</summary>
    /// <param name="sentAt">Taken just before the renewal was sent.</param>
    public static long StopAt(this TimeProvider time, long sentAt, TimeSpan lease, TimeSpan stopMargin) =>
        sentAt + (long)((lease - stopMargin).TotalSeconds * time.TimestampFrequency);

    /// <summary>From now until <paramref name="stopAt"/> (zero when past), for <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>.</summary>
    public static TimeSpan Remaining(this TimeProvider time, long stopAt)
    {
        var now = time.GetTimestamp();
        return stopAt <= now ? TimeSpan.Zero : time.GetElapsedTime(now, stopAt);
    }
}
