using Dapper;
using Mailroom.Core.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Mailroom.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mailroom.Tests.Monitor;

/// <summary>What the runner reports of a check's progress, and what of it the database keeps for the pages.</summary>
public sealed class MonitorRunnerProgressTests
{
    private static string Mail(int i) =>
        $"From: customer@example.test\r\nTo: desk@example.test\r\nSubject: Request {i}\r\nMessage-ID: <{Guid.NewGuid():N}@example.test>\r\n\r\nHello\r\n";

    [Fact]
    public async Task A_check_reports_its_listing_then_each_batch_received_and_filed_then_its_end()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Options.FetchBatch = 3;
        for (var i = 0; i < 7; i++)
        {
            h.Mailbox.Deliver(Mail(i));
        }

        var listedBytes = (await h.Mailbox.ListAsync(null, default)).Messages.Sum(m => m.Size!.Value);
        var reports = new RecordingSink();
        await RunAsync(h, reports);

        Assert.Equal(
            [
                (MonitorProgressStage.Started, 0, 0), (MonitorProgressStage.Received, 3, 0), (MonitorProgressStage.Filed, 3, 3),
                (MonitorProgressStage.Received, 6, 3), (MonitorProgressStage.Filed, 6, 6), (MonitorProgressStage.Received, 7, 6),
                (MonitorProgressStage.Filed, 7, 7), (MonitorProgressStage.Finished, 7, 7),
            ],
            reports.Reports.Select(r => (r.Stage, r.Received, r.Filed)));
        Assert.All(reports.Reports, r => Assert.Equal((7, listedBytes, true, "Desk"), (r.Listed, r.ListedBytes, r.Initial, r.Account)));
        Assert.Equal(listedBytes, reports.Reports[^1].ReceivedBytes);
        Assert.Equal(7, (await h.LedgerAsync()).Count(m => m.State == MessageState.Completed));

        // A check with nothing new reports nothing; the next one is no initial sync.
        await h.Monitors.RecordCheckAsync(1, MonitorCheckCounts.Zero, null, default);
        reports.Reports.Clear();
        await RunAsync(h, reports);
        Assert.Empty(reports.Reports);
        h.Mailbox.Deliver(Mail(8));
        await RunAsync(h, reports);
        Assert.All(reports.Reports, r => Assert.False(r.Initial));
    }

    [Fact]
    public async Task A_long_check_is_stored_while_it_runs_and_not_once_it_ends()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Options.FetchBatch = 2;
        for (var i = 0; i < 5; i++)
        {
            h.Mailbox.Deliver(Mail(i));
        }

        // A sink after the recorder reads what a page would read at each boundary; the boundaries are 0.3 s apart.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero));
        var seen = new List<(MonitorProgressStage Stage, int? Received, int? Filed)>();
        var reader = new RecordingSink(async p =>
        {
            var row = await h.Monitors.FindRunningProgressAsync(1, default);
            seen.Add((p.Stage, row?.Received, row?.Filed));
            time.Advance(TimeSpan.FromSeconds(0.3));
        });
        await RunAsync(h, time, NullLogger<MonitorRunner>.Instance, new MonitorProgressRecorder(h.Monitors, h.Options), reader);

        // Written: the start, the first filed batch, a filed batch a second or more after the last write, the end.
        Assert.Equal(
            [
                (MonitorProgressStage.Started, 0, 0), (MonitorProgressStage.Received, 0, 0), (MonitorProgressStage.Filed, 2, 2),
                (MonitorProgressStage.Received, 2, 2), (MonitorProgressStage.Filed, 2, 2), (MonitorProgressStage.Received, 2, 2),
                (MonitorProgressStage.Filed, 5, 5), (MonitorProgressStage.Finished, null, null),
            ],
            seen);
        Assert.Null(await h.Monitors.FindRunningProgressAsync(1, default)); // ended: nothing runs

        // One batch is not long work: nothing is written for it.
        h.Mailbox.Deliver(Mail(6));
        seen.Clear();
        await RunAsync(h, time, NullLogger<MonitorRunner>.Instance, new MonitorProgressRecorder(h.Monitors, h.Options), reader);
        Assert.All(seen, s => Assert.Null(s.Filed));
        await using var connection = await h.Database.OpenAsync(default);
        Assert.Equal(5L, await connection.ExecuteScalarAsync<long>("SELECT listed FROM monitor_progress WHERE account_id = 1")); // the last long check's, finished
    }

    [Fact]
    public async Task A_sink_that_fails_is_logged_and_the_check_goes_on()
    {
        await using var h = await EngineHarness.CreateAsync();
        h.Options.FetchBatch = 2;
        for (var i = 0; i < 3; i++)
        {
            h.Mailbox.Deliver(Mail(i));
        }

        var logger = new Mailroom.Testing.CollectingLogger<MonitorRunner>();
        var after = new RecordingSink();
        await RunAsync(h, TimeProvider.System, logger, new RecordingSink(_ => throw new IOException("disk full")), after);

        Assert.Equal(3, (await h.LedgerAsync()).Count(m => m.State == MessageState.Completed));
        Assert.Equal(MonitorProgressStage.Finished, after.Reports[^1].Stage); // the sinks after it are still told
        Assert.Single(logger.Entries, e => e.Message.Contains("progress of the check could not be reported", StringComparison.Ordinal));
    }

    private static Task RunAsync(EngineHarness h, params IMonitorProgressSink[] sinks) => RunAsync(h, TimeProvider.System, NullLogger<MonitorRunner>.Instance, sinks);

    private static async Task RunAsync(EngineHarness h, TimeProvider time, ILogger<MonitorRunner> logger, params IMonitorProgressSink[] sinks)
    {
        var services = new ServiceCollection()
            .AddSingleton(h.Monitors).AddSingleton(h.Messages).AddSingleton(h.Options)
            .AddSingleton<IMailTransportFactory>(new NoTransports())
            .AddSingleton<IMessageFiler>(new RecordingFiler())
            .AddSingleton<IMonitorLease>(new SingleNodeLease())
            .AddSingleton(MonitorFaults.None)
            .AddSingleton(time)
            .AddSingleton(logger);
        foreach (var sink in sinks)
        {
            services.AddSingleton(sink);
        }

        await using var provider = services.BuildServiceProvider();
        var runner = ActivatorUtilities.CreateInstance<MonitorRunner>(provider);
        var settings = await h.Monitors.FindByAccountAsync(1, default);
        await runner.RunOnceAsync(h.Account, settings!, h.Mailbox, default);
    }

    private sealed class RecordingSink(Func<MonitorProgress, Task>? also = null) : IMonitorProgressSink
    {
        public List<MonitorProgress> Reports { get; } = [];

        public async Task ReportAsync(MonitorProgress progress, CancellationToken cancellationToken)
        {
            Reports.Add(progress);
            if (also is not null)
            {
                await also(progress);
            }
        }
    }

    private sealed class NoTransports : IMailTransportFactory
    {
        public Task<IIncomingMailbox> OpenIncomingAsync(Account account, string? folder, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IOutgoingTransport> OpenOutgoingAsync(Account account, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
