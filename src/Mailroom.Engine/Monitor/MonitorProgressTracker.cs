using Mailroom.Core.Accounts;
using Mailroom.Mail;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Counts one check's listed messages through the runner's batches and tells the sinks: once when the listing is
/// known, after each batch is received and after it is filed, and once when the check ends (on disposal, whether it
/// ended well or not, so a page never shows a finished check as running). A check that listed nothing reports nothing.
/// </summary>
/// <remarks>
/// A batch counts whole at its boundary: its messages already in the ledger (not downloaded again) count as received
/// and filed with it, so that the bar reaches the end when the check does. A sink that fails is logged (once a check)
/// and told again at the next boundary: progress is a view of the work and must never stop it.
/// </remarks>
internal sealed class MonitorProgressTracker : IAsyncDisposable
{
    private readonly List<IMonitorProgressSink> _sinks;
    private readonly HashSet<IMonitorProgressSink> _failed = [];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private MonitorProgress? _progress;

    private MonitorProgressTracker(List<IMonitorProgressSink> sinks, TimeProvider time, ILogger logger)
    {
        _sinks = sinks;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts counting what <paramref name="listed"/> holds and reports the start.</summary>
    public static async Task<MonitorProgressTracker> StartAsync(IEnumerable<IMonitorProgressSink> sinks, Account account, IReadOnlyList<MailboxMessage> listed,
        bool initial, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var tracker = new MonitorProgressTracker([.. sinks], time, logger);
        if (listed.Count == 0 || tracker._sinks.Count == 0)
        {
            return tracker;
        }

        long? bytes = listed.All(m => m.Size is not null) ? listed.Sum(m => m.Size!.Value) : null;
        tracker._progress = new MonitorProgress(account.Id, account.Name, initial, listed.Count, bytes, time.GetUtcNow());
        await tracker.ReportAsync(cancellationToken);
        return tracker;
    }

    /// <summary>A batch is downloaded and durable.</summary>
    public Task ReceivedAsync(IReadOnlyCollection<MailboxMessage> batch, CancellationToken cancellationToken) =>
        Move(p => p with
        {
            Stage = MonitorProgressStage.Received,
            Received = p.Received + batch.Count,
            ReceivedBytes = p.ReceivedBytes + batch.Sum(m => m.Size ?? 0),
        }, cancellationToken);

    /// <summary>A batch received before is filed.</summary>
    public Task FiledAsync(IReadOnlyCollection<MailboxMessage> batch, CancellationToken cancellationToken) =>
        Move(p => p with { Stage = MonitorProgressStage.Filed, Filed = Math.Min(p.Received, p.Filed + batch.Count) }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // The end is told even when the check was cancelled: the stored progress must not say it still runs.
        await Move(p => p with { Stage = MonitorProgressStage.Finished }, CancellationToken.None);
    }

    private async Task Move(Func<MonitorProgress, MonitorProgress> change, CancellationToken cancellationToken)
    {
        if (_progress is null)
        {
            return;
        }

        _progress = change(_progress) with { At = _time.GetUtcNow() };
        await ReportAsync(cancellationToken);
    }

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.ReportAsync(_progress!, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (_failed.Add(sink))
                {
                    MonitorProgressLog.ReportFailed(_logger, ex, _progress!.AccountId, sink.GetType().Name);
                }
            }
        }
    }
}
