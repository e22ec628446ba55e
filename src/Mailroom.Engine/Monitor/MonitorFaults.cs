using System.Diagnostics;
using System.Globalization;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Fault injection for the crash-safety tests. With <c>MAILROOM_CRASH_AFTER=N</c> set, the process kills itself
/// (SIGKILL, no clean-up, no flush) at the N-th step boundary of the engine; with <c>MAILROOM_CRASH_AT=POINT:N</c>, the
/// N-th time it reaches the named point (<see cref="Points"/>), so a test can aim inside a batch. Unset, as always
/// outside those tests, <see cref="Step"/> and <see cref="Reach"/> are one comparison each. Steps sit between the points
/// where a crash could lose or double mail: after a segment of downloads is durable, after each filing commit, after each server
/// post-action, after marking completed, after the checkpoint.
/// </summary>
internal sealed class MonitorFaults
{
    private readonly long _crashAfter;
    private readonly string? _point;
    private readonly long _pointCount;
    private long _steps;
    private long _reached;

    public MonitorFaults(string? crashAfter, string? crashAt = null)
    {
        _crashAfter = long.TryParse(crashAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0;
        if (crashAt?.Split(':') is [var point, var count] && long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0)
        {
            (_point, _pointCount) = (point, c);
        }
    }

    public static MonitorFaults None { get; } = new(null);

    public static MonitorFaults FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("MAILROOM_CRASH_AFTER"), Environment.GetEnvironmentVariable("MAILROOM_CRASH_AT"));

    public void Step()
    {
        if (_crashAfter > 0 && Interlocked.Increment(ref _steps) == _crashAfter)
        {
            Kill();
        }
    }

    /// <summary>Kills the process if this is the configured named point, reached the configured number of times.</summary>
    public void Reach(string point)
    {
        if (_point is not null && string.Equals(point, _point, StringComparison.Ordinal) && Interlocked.Increment(ref _reached) == _pointCount)
        {
            Kill();
        }
    }

    private static void Kill() => Process.GetCurrentProcess().Kill(); // SIGKILL on Linux: as abrupt as a power cut for the process.

    /// <summary>The named points inside a batch.</summary>
    public static class Points
    {
        /// <summary>A message of a fetch set downloaded and staged, the rest of the set not yet: in the middle of a UID set.</summary>
        public const string Fetched = "fetched";

        /// <summary>A batch's ledger rows and raw bytes written in their transaction, not yet committed (not yet fsynced).</summary>
        public const string BeforeReceiveCommit = "before-receive-commit";

        /// <summary>A filing group committed, its post-action not yet done on the server.</summary>
        public const string AfterFilingCommit = "after-filing-commit";

        /// <summary>A post-action done on the server for one set, the ledger not yet marked completed (the next sets not yet acted on).</summary>
        public const string AfterPostAction = "after-post-action";
    }
}
