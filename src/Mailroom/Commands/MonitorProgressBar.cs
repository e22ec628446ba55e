using Mailroom.Engine.Monitor;

namespace Mailroom.Commands;

/// <summary>
/// The text of <c>monitor run --once</c>'s progress: the bar a terminal redraws in place
/// (<c>[#####.....] 4,200/10,000 messages, 61/145 MB, 1,950 messages/s, 3 s left</c>) and the plain line written to a
/// file or pipe (<c>Desk: 4,200/10,000 messages, ...</c>). Pure text from a report, so that it is tested without a
/// terminal.
/// </summary>
internal static class MonitorProgressBar
{
    /// <summary>Cells of the bar itself; the numbers beside it say the rest.</summary>
    public const int Cells = 10;

    /// <summary>The bar line, cut to <paramref name="width"/> so that it never wraps (a wrapped line cannot be redrawn in place).</summary>
    public static string Bar(MonitorProgress p, int width)
    {
        var done = (int)Math.Floor(p.Fraction * Cells);
        var line = $"[{new string('#', done)}{new string('.', Cells - done)}] {Numbers(p)}";
        return width > 1 && line.Length > width - 1 ? line[..(width - 1)] : line;
    }

    /// <summary>One line for a log: the account, then the numbers.</summary>
    public static string Plain(MonitorProgress p) => $"{p.Account}: {Numbers(p)}";

    private static string Numbers(MonitorProgress p)
    {
        var parts = new List<string>(4)
        {
            $"{MonitorProgressText.Count(p.Filed)}/{MonitorProgressText.Count(p.Listed)} messages",
            MonitorProgressText.MegabytesOf(p, "/"),
        };
        if (MonitorProgressText.Rate(p) is { } rate)
        {
            parts.Add(rate);
        }

        if (p.Stage == MonitorProgressStage.Finished)
        {
            parts.Add($"{(p.Left == 0 ? "done" : "stopped")} in {MonitorProgressText.Duration(p.Elapsed)}");
        }
        else if (p.TimeLeft is { } left)
        {
            parts.Add($"{MonitorProgressText.Duration(left)} left");
        }

        return string.Join(", ", parts);
    }
}
