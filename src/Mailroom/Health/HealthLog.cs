namespace Mailroom.Health;

/// <summary>Log events of the health endpoints, ids 6100-6119.</summary>
internal static partial class HealthLog
{
    [LoggerMessage(6100, LogLevel.Warning, "Not ready: {Reason}")]
    public static partial void NotReady(ILogger logger, string reason);

    [LoggerMessage(6101, LogLevel.Warning, "Not ready: the database could not be reached")]
    public static partial void DatabaseUnreachable(ILogger logger, Exception exception);
}
