namespace Mailroom.Engine.Monitor;

/// <summary>
/// Where <see cref="MonitorRunner"/> reports how far a check has got (see <see cref="MonitorProgressTracker"/> for
/// when). Every registered sink is told, in order of registration; <see cref="MonitorProgressRecorder"/> is always one
/// of them, <c>monitor run --once</c> adds its progress bar.
/// </summary>
internal interface IMonitorProgressSink
{
    /// <summary>Takes one report. A failure here is logged and never stops the check.</summary>
    Task ReportAsync(MonitorProgress progress, CancellationToken cancellationToken);
}
