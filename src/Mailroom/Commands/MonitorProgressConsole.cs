using Mailroom.Engine.Monitor;

namespace Mailroom.Commands;

/// <summary>
/// <c>monitor run --once</c>'s progress on standard error, so that standard output keeps only the summary scripts
/// read. On a terminal: one bar per account, redrawn in place at most ten times a second and ended with a newline. Not
/// on a terminal (a log file, a pipe, a test): a plain line for the first filed batch, then at most one every
/// <see cref="PlainInterval"/>, and one at the end. <c>--json</c> registers none of this.
/// </summary>
internal sealed class MonitorProgressConsole(TextWriter error, bool terminal, Func<int> width, TimeProvider time) : IMonitorProgressSink
{
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    private DateTimeOffset? _lastWrite;
    private int _lastLength;

    /// <summary>Standard error of the process, if it is the console; a terminal only when it is not redirected.</summary>
    public static MonitorProgressConsole For(TextWriter error, TimeProvider time)
    {
        var terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        return new MonitorProgressConsole(error, terminal, WindowWidth, time);
    }

    public async Task ReportAsync(MonitorProgress progress, CancellationToken cancellationToken)
    {
        if (progress.Stage == MonitorProgressStage.Started)
        {
            _lastWrite = null;
            _lastLength = 0;
        }

        var now = time.GetUtcNow();
        var finished = progress.Stage == MonitorProgressStage.Finished;
        if (terminal)
        {
            if (finished || _lastWrite is not { } last || now - last >= RedrawInterval)
            {
                var line = MonitorProgressBar.Bar(progress, width());
                // Back to the line's start; spaces wipe what a longer line before left.
                await error.WriteAsync("\r" + line + new string(' ', Math.Max(0, _lastLength - line.Length)) + (finished ? Environment.NewLine : ""));
                await error.FlushAsync(cancellationToken);
                (_lastWrite, _lastLength) = (now, line.Length);
            }

            return;
        }

        var due = progress.Stage == MonitorProgressStage.Filed && (_lastWrite is not { } previous || now - previous >= PlainInterval);
        if (finished || due)
        {
            await error.WriteLineAsync(MonitorProgressBar.Plain(progress));
            await error.FlushAsync(cancellationToken);
            _lastWrite = now;
        }
    }

    private static int WindowWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80; // no window to ask (the terminal went away): a short line is still right
        }
    }
}
