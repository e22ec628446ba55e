namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>A clock the test moves by hand, for token lifetimes and Retry-After dates on the Graph server.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
