using Mailroom.Data;
using Mailroom.Data.Migrations;
using Mailroom.Engine.Nodes;

namespace Mailroom.Health;

/// <summary>
/// What <c>/readyz</c> asks: the database answers within <see cref="DatabaseTimeout"/>, it holds every migration of
/// this build, and this node's heartbeat is live. The reason for a "no" goes to the log, never into the response.
/// </summary>
internal sealed class ReadinessCheck(MailroomDatabase database, NodeLeases leases, ILogger<ReadinessCheck> logger)
{
    /// <summary>A load balancer polls every few seconds: a database that takes longer than this counts as away.</summary>
    public static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a request made just after start waits for the first heartbeat before it says "not ready".</summary>
    public static readonly TimeSpan FirstHeartbeatWait = TimeSpan.FromSeconds(5);

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DatabaseTimeout);
        try
        {
            if (!await SchemaVersion.IsCurrentAsync(database, timeout.Token))
            {
                HealthLog.NotReady(logger, "the database lacks migrations this build needs");
                return false;
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            HealthLog.DatabaseUnreachable(logger, e);
            return false;
        }

        if (!leases.FirstHeartbeat.IsCompleted)
        {
            try
            {
                await leases.FirstHeartbeat.WaitAsync(FirstHeartbeatWait, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Answered below: still no heartbeat.
            }
        }

        if (!leases.IsHeartbeating)
        {
            HealthLog.NotReady(logger, "this node's heartbeat is not live");
            return false;
        }

        return true;
    }
}
