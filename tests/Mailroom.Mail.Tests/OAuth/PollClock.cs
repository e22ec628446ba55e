namespace Mailroom.Mail.Tests.OAuth;

/// <summary>
/// A clock for the device-code poll: each wait is recorded and passes at once, moving the clock on by its length,
/// and <see cref="BeforeWait"/> runs first with the wait's number (1, 2, ...), so a test can answer the sign-in
/// between two polls without sleeping.
/// </summary>
internal sealed class PollClock : TimeProvider
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly List<TimeSpan> _waits = [];

    public Action<int>? BeforeWait { get; init; }

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waits)
            {
                return [.. _waits];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_waits)
        {
            return _start + _waits.Aggregate(TimeSpan.Zero, (sum, w) => sum + w);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        int number;
        lock (_waits)
        {
            number = _waits.Count + 1;
        }

        BeforeWait?.Invoke(number);
        lock (_waits)
        {
            _waits.Add(dueTime);
        }

        return base.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
