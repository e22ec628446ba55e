using System.Globalization;
using System.Net;
using System.Text;
using Mailroom.Data.Monitor;

namespace Mailroom.Web.Monitors;

/// <summary>
/// The monitor's mail per hour over the last day as a small stacked bar chart, drawn on the server as SVG (no script,
/// so the page's content security policy stays strict). Each bar is one hour; its parts are the outcomes.
/// </summary>
internal static class MonitorChart
{
    public const int Hours = 24;

    /// <summary>Outcome, label and colour, bottom of the bar first; null outcome: received, not filed yet.</summary>
    public static readonly IReadOnlyList<(string? Outcome, string Label, string Colour)> Series =
    [
        (MessageOutcome.FiledExisting, "filed on existing records", "#2b6cb0"),
        (MessageOutcome.NewRecord, "new records", "#38a169"),
        (MessageOutcome.Skipped, "skipped", "#a0aec0"),
        (MessageOutcome.Duplicate, "duplicates", "#d6bcfa"),
        (MessageOutcome.NotHandled, "not handled", "#e53e3e"),
        (null, "waiting", "#ecc94b"),
    ];

    /// <summary>The first hour the chart shows: <see cref="Hours"/> hours up to and including the current one.</summary>
    public static DateTimeOffset Start(DateTimeOffset now) => Floor(now).AddHours(1 - Hours);

    /// <summary>Counts per hour (oldest first) and series, from the store's counts since <see cref="Start"/>.</summary>
    public static int[,] Count(IEnumerable<HourlyCount> rows, DateTimeOffset now)
    {
        var counts = new int[Hours, Series.Count];
        var start = Start(now);
        foreach (var row in rows)
        {
            var hour = (int)Math.Floor((DateTimeOffset.FromUnixTimeMilliseconds(row.HourStart) - start).TotalHours);
            if (hour is < 0 or >= Hours)
            {
                continue;
            }

            var series = Series.Select((s, i) => (s.Outcome, i)).FirstOrDefault(s => s.Outcome == row.Outcome, (null, Series.Count - 1)).Item2;
            counts[hour, series] += (int)Math.Min(row.Count, int.MaxValue);
        }

        return counts;
    }

    /// <summary>The chart as an inline SVG element with a text alternative; every label is HTML-encoded.</summary>
    public static string Svg(int[,] counts, DateTimeOffset now)
    {
        const int width = 600, height = 170, left = 34, bottom = 22, top = 8, legendHeight = 18;
        var plotHeight = height - bottom - top - legendHeight;
        var totals = Enumerable.Range(0, Hours).Select(h => Enumerable.Range(0, Series.Count).Sum(s => counts[h, s])).ToArray();
        var max = Math.Max(1, totals.Max());
        var scale = Nice(max);
        var barWidth = (width - left - 4) / (double)Hours;
        var total = totals.Sum();
        var summary = string.Join(", ", Series.Select((s, i) => (s.Label, Sum: Enumerable.Range(0, Hours).Sum(h => counts[h, i]))).Where(x => x.Sum > 0).Select(x => $"{x.Sum} {x.Label}"));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"mail-per-hour\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode($"Mail per hour, last {Hours} hours: {total} message(s){(summary.Length > 0 ? ": " + summary : "")}")}</title>");
        foreach (var tick in new[] { 0, scale / 2, scale })
        {
            var y = top + plotHeight - (tick * plotHeight / (double)scale);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - 4}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#e2e8f0\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{y + 4:0.#}\" font-size=\"10\" text-anchor=\"end\" fill=\"#4a5568\">{tick}</text>");
        }

        var start = Start(now);
        for (var h = 0; h < Hours; h++)
        {
            var x = left + (h * barWidth) + 1;
            var y = (double)(top + plotHeight);
            for (var s = 0; s < Series.Count; s++)
            {
                if (counts[h, s] == 0)
                {
                    continue;
                }

                var barHeight = counts[h, s] * plotHeight / (double)scale;
                y -= barHeight;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar-{Series[s].Outcome ?? "waiting"}\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{barWidth - 2:0.#}\" height=\"{barHeight:0.#}\" fill=\"{Series[s].Colour}\"><title>{Encode($"{start.AddHours(h):HH}:00 UTC: {counts[h, s]} {Series[s].Label}")}</title></rect>");
            }

            if (h % 6 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{top + plotHeight + 14}\" font-size=\"10\" fill=\"#4a5568\">{start.AddHours(h):HH}:00</text>");
            }
        }

        var legendX = (double)left;
        foreach (var (_, label, colour) in Series)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX:0.#}\" y=\"{height - 12}\" width=\"10\" height=\"10\" fill=\"{colour}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX + 13:0.#}\" y=\"{height - 3}\" font-size=\"10\" fill=\"#2d3748\">{Encode(label)}</text>");
            legendX += 20 + (label.Length * 5.5);
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static DateTimeOffset Floor(DateTimeOffset t) => new(t.UtcDateTime.Year, t.UtcDateTime.Month, t.UtcDateTime.Day, t.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);

    // An even top for the scale, so the middle grid line falls on a whole number of messages.
    private static int Nice(int max) => max <= 2 ? 2 : (max + 1) / 2 * 2;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
