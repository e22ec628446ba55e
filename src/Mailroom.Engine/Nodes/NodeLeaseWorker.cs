namespace Mailroom.Engine.Nodes;

/// <summary>The heartbeat of <c>mailroom serve</c>: every few seconds, <see cref="NodeLeases.TickAsync"/>.</summary>
internal sealed class NodeLeaseWorker(NodeLeases leases, NodeLeaseOptions options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<NodeLeaseWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await leases.TickAsync(stoppingToken);
                }
                catch (NodeNameTakenException)
                {
                    // Two processes must never work under one name: this one, the older, gives way.
                    NodeLog.NameTaken(logger, leases.NodeName);
                    lifetime.StopApplication();
                    return;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    NodeLog.HeartbeatFailed(logger, ex, leases.NodeName, options.HeartbeatInterval.TotalSeconds);
                }

                await Task.Delay(options.HeartbeatInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await leases.LeaveAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // The database is away: the leases simply run out and the other nodes take over after the time to live.
            NodeLog.HeartbeatFailed(logger, ex, leases.NodeName, 0);
        }
    }
}
