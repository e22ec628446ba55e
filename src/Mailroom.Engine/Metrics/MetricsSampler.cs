using Mailroom.Data.Outbox;
using Mailroom.Engine.Nodes;

namespace Mailroom.Engine.Metrics;

/// <summary>
/// Reads the outbox depth from the database every <see cref="Interval"/> for the gauge, so a scrape never waits on
/// the database (a gauge's callback is synchronous) and many scrapers cost one query.
/// </summary>
internal sealed class MetricsSampler(OutboxStore outbox, NodeLeases leases, TimeProvider time, ILogger<MetricsSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private long _depth;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        MailroomMetrics.Observe(() => Interlocked.Read(ref _depth), () => (leases.NodeName, leases.HeldAccounts.Count));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Interlocked.Exchange(ref _depth, await outbox.CountUnsentAsync(stoppingToken));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                MetricsLog.SampleFailed(logger, e);
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
