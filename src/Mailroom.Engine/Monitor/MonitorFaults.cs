using System.Diagnostics;
using System.Globalization;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Fault injection for the crash-safety test: with <c>MAILROOM_CRASH_AFTER=N</c> set, the process kills itself
/// (SIGKILL, no clean-up, no flush) at the N-th step boundary of the engine. Unset, as always outside that test,
/// <see cref="Step"/> is one comparison. Steps sit between the points where a crash could lose or double mail:
/// after a raw file is durable, after it is marked received, after each filing commit, after each server
/// post-action, after marking completed, after the checkpoint.
/// </summary>
internal sealed class MonitorFaults
{
    private readonly long _crashAfter;
    private long _steps;

    public MonitorFaults(string? crashAfter) =>
        _crashAfter = long.TryParse(crashAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0;

    public static MonitorFaults None { get; } = new(null);

    public static MonitorFaults FromEnvironment() => new(Environment.GetEnvironmentVariable("MAILROOM_CRASH_AFTER"));

    public void Step()
    {
        if (_crashAfter > 0 && Interlocked.Increment(ref _steps) == _crashAfter)
        {
            Process.GetCurrentProcess().Kill(); // SIGKILL on Linux: as abrupt as a power cut for the process.
        }
    }
}
