namespace Mailroom.Engine.Metrics;

/// <summary>Log events of the metrics, ids 6120-6139.</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(6120, LogLevel.Warning, "Could not read the outbox depth for the metrics; the gauge keeps its last value")]
    public static partial void SampleFailed(ILogger logger, Exception exception);
}
