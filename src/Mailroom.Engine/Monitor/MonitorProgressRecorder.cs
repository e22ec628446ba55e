using System.Collections.Concurrent;
using Mailroom.Data.Monitor;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Keeps the progress of a long check in the database (<see cref="MonitorStore.SaveProgressAsync"/>), where the monitor
/// page and the API read it whichever process or node runs the check.
/// </summary>
/// <remarks>
/// Written sparingly, because every write is a durable commit beside the ingest's own: a check of one batch is not
/// long work (it is over before a page could show it) and writes nothing, so the steady trickle of new mail pays
/// nothing; a long one writes its start, its first filed batch (so a rate shows soon), then a filed batch at most once
/// per <see cref="SaveInterval"/> (the pages refresh every few seconds), and its end.
/// </remarks>
internal sealed class MonitorProgressRecorder(MonitorStore monitors, MonitorOptions options) : IMonitorProgressSink
{
    public static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    /// <summary>When each account's running check was last written, and whether a filed batch was (several accounts run at once under serve).</summary>
    private readonly ConcurrentDictionary<long, (DateTimeOffset At, bool FiledSaved)> _saved = new();

    public async Task ReportAsync(MonitorProgress progress, CancellationToken cancellationToken)
    {
        if (progress.Listed <= options.FetchBatch)
        {
            return;
        }

        var last = _saved.GetValueOrDefault(progress.AccountId);
        var due = progress.Stage switch
        {
            MonitorProgressStage.Started or MonitorProgressStage.Finished => true,
            MonitorProgressStage.Filed => !last.FiledSaved || progress.At - last.At >= SaveInterval,
            _ => false,
        };
        if (!due)
        {
            return;
        }

        await monitors.SaveProgressAsync(ToRow(progress), cancellationToken);
        if (progress.Stage == MonitorProgressStage.Finished)
        {
            _saved.TryRemove(progress.AccountId, out _);
        }
        else
        {
            _saved[progress.AccountId] = (progress.At, progress.Stage == MonitorProgressStage.Filed);
        }
    }

    public static MonitorProgressRow ToRow(MonitorProgress p) => new()
    {
        AccountId = p.AccountId,
        Initial = p.Initial,
        Listed = p.Listed,
        ListedBytes = p.ListedBytes,
        Received = p.Received,
        ReceivedBytes = p.ReceivedBytes,
        Filed = p.Filed,
        StartedAt = p.StartedAt.ToUnixTimeMilliseconds(),
        UpdatedAt = p.At.ToUnixTimeMilliseconds(),
        FinishedAt = p.Stage == MonitorProgressStage.Finished ? p.At.ToUnixTimeMilliseconds() : null,
    };

    /// <summary>A stored row as the faces show it; the account's name is the caller's, the row keeps only its id.</summary>
    public static MonitorProgress FromRow(MonitorProgressRow row, string account) =>
        new(row.AccountId, account, row.Initial, row.Listed, row.ListedBytes, DateTimeOffset.FromUnixTimeMilliseconds(row.StartedAt))
        {
            Stage = row.FinishedAt is null ? MonitorProgressStage.Filed : MonitorProgressStage.Finished,
            Received = row.Received,
            ReceivedBytes = row.ReceivedBytes,
            Filed = row.Filed,
            At = DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt),
        };
}
