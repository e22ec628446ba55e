using Mailroom.Engine.Monitor;

namespace Mailroom.Shapes;

/// <summary>
/// A running check's progress as the API gives it (<c>progress</c> of <c>GET /api/monitors</c> and
/// <c>GET /api/monitors/{account}</c>): the counts, the rate and time left worked out from them, and the page's line.
/// </summary>
/// <param name="Initial">The monitor's first check (or one after the server reset its checkpoint).</param>
/// <param name="Listed">Messages listed as new when the check started.</param>
/// <param name="Received">Of those, downloaded and stored (or already in the ledger).</param>
/// <param name="Filed">Of those, filed: done.</param>
/// <param name="Left">Listed but not yet filed.</param>
/// <param name="ListedBytes">The listed messages' size, or null when the server did not give every size.</param>
/// <param name="UpdatedAt">When the counts were last true (a batch boundary).</param>
/// <param name="MessagesPerSecond">Filed per second so far; null until a batch is filed.</param>
/// <param name="SecondsLeft">The rest at that rate, from <paramref name="UpdatedAt"/>; null while no rate is known.</param>
/// <param name="Text">The monitor page's line, e.g. "Initial sync: 4,200 of 10,000 messages, about 3 s left".</param>
internal sealed record MonitorProgressView(
    bool Initial,
    int Listed,
    int Received,
    int Filed,
    int Left,
    long? ListedBytes,
    long ReceivedBytes,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    double? MessagesPerSecond,
    double? SecondsLeft,
    string Text)
{
    public static MonitorProgressView Of(MonitorProgress p) => new(
        p.Initial, p.Listed, p.Received, p.Filed, p.Left, p.ListedBytes, p.ReceivedBytes, p.StartedAt, p.At,
        p.MessagesPerSecond is { } rate ? Math.Round(rate, 1) : null,
        p.TimeLeft is { } left ? Math.Round(left.TotalSeconds, 1) : null,
        MonitorProgressText.Sentence(p));
}
