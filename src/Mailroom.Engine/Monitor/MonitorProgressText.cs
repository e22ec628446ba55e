using System.Globalization;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// The words and numbers of a <see cref="MonitorProgress"/>, one way for every face: the command's bar and plain lines,
/// the monitor pages and the API's text. Numbers are grouped the invariant way (<c>10,000</c>) whatever the host's
/// culture, as the rest of the command's output is.
/// </summary>
internal static class MonitorProgressText
{
    /// <summary>A megabyte here is 2^20 bytes, as the bench figures count them.</summary>
    private const double BytesPerMegabyte = 1024 * 1024;

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Whole megabytes from 10 MB up; one decimal below, so that a small check does not read 0/0.</summary>
    public static string Megabytes(long bytes)
    {
        var mb = bytes / BytesPerMegabyte;
        return mb >= 10 ? Math.Round(mb).ToString("N0", CultureInfo.InvariantCulture) : mb.ToString("0.0", CultureInfo.InvariantCulture);
    }

    /// <summary>"61/145 MB", or "61 MB" when the listing did not give every size.</summary>
    public static string MegabytesOf(MonitorProgress p, string separator) =>
        p.ListedBytes is { } total ? $"{Megabytes(p.ReceivedBytes)}{separator}{Megabytes(total)} MB" : $"{Megabytes(p.ReceivedBytes)} MB";

    /// <summary>"1,950 messages/s", "0.7 messages/s" (one decimal below 10, so that a slow server does not read 1); null while no rate is known.</summary>
    public static string? Rate(MonitorProgress p) => p.MessagesPerSecond switch
    {
        null => null,
        < 10 and var slow => $"{slow.ToString("0.0", CultureInfo.InvariantCulture)} messages/s",
        var rate => $"{Count((long)Math.Round(rate.Value))} messages/s",
    };

    /// <summary>A span as a person reads it: "under 1 s", "3 s", "4 min 10 s", "2 h 5 min".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
        {
            return "under 1 s";
        }

        var seconds = (long)Math.Ceiling(span.TotalSeconds);
        var minutes = (seconds + 30) / 60; // from ten minutes up, seconds are noise
        return seconds switch
        {
            < 60 => $"{seconds} s",
            < 600 => seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s",
            _ when minutes < 60 => $"{minutes} min",
            _ => $"{minutes / 60} h {minutes % 60} min",
        };
    }

    /// <summary>
    /// The page's line: "Initial sync: 4,200 of 10,000 messages, about 3 s left". Time left is counted from the last
    /// report, so a page read between two batches may say a little more than is left.
    /// </summary>
    public static string Sentence(MonitorProgress p)
    {
        var what = p.Initial ? "Initial sync" : "Catching up";
        var left = p.TimeLeft is { } t ? $"about {Duration(t)} left" : "time left not known yet";
        return $"{what}: {Count(p.Filed)} of {Count(p.Listed)} messages, {left}";
    }
}
