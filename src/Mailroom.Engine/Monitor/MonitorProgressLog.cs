namespace Mailroom.Engine.Monitor;

/// <summary>Log events of the monitor's progress reports (31xx, beside the monitor's 30xx).</summary>
internal static partial class MonitorProgressLog
{
    [LoggerMessage(3100, LogLevel.Warning, "Account {AccountId}: the progress of the check could not be reported to {Sink}; the check goes on")]
    public static partial void ReportFailed(ILogger logger, Exception exception, long accountId, string sink);
}
