namespace Mailroom.Engine.Outbox;

/// <summary>
/// Runs the outbox in <c>mailroom serve</c>: a pass every <see cref="OutboxOptions.PollInterval"/>. On several
/// nodes each runs one; the claims keep them from sending the same message.
/// </summary>
internal sealed class OutboxWorker(OutboxProcessor processor, OutboxOptions options, TimeProvider time, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await processor.RunOnceAsync(stoppingToken);
                Metrics.MailroomMetrics.OutboxSent.Add(result.Sent);
                Metrics.MailroomMetrics.OutboxRetries.Add(result.Retrying);
                Metrics.MailroomMetrics.OutboxFailed.Add(result.Failed);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database hiccup must not end the worker for the life of the process; the next pass tries again.
                OutboxLog.PassFailed(logger, e, options.PollInterval);
            }

            try
            {
                await Task.Delay(options.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
