using Mailroom.Data.Monitor;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Keeps the progress of a long check in the database (<see cref="MonitorStore.SaveProgressAsync"/>), where the monitor
/// page and the API read it whichever process or node runs the check. A check of one batch is not long work: it is
/// over before a page could show it, so it writes nothing and costs the steady trickle of new mail nothing.
/// </summary>
internal sealed class MonitorProgressRecorder(MonitorStore monitors, MonitorOptions options) : IMonitorProgressSink
{
    public Task ReportAsync(MonitorProgress progress, CancellationToken cancellationToken) =>
        progress.Listed <= options.FetchBatch ? Task.CompletedTask : monitors.SaveProgressAsync(ToRow(progress), cancellationToken);

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
