using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Data.Nodes;
using Mailroom.Engine.Monitor;
using Mailroom.Engine.Nodes;
using Mailroom.Mail;
using Mailroom.Testing;
using Mailroom.Tests.Monitor;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mailroom.Tests.Nodes;

/// <summary>
/// Losing an account's lease cancels the monitor's running work for it at once, not after its next wait for mail:
/// the worker here waits for new mail with an hour's polling interval, on a real PostgreSQL database.
/// </summary>
public sealed class LeaseCancellationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_lease_taken_over_by_another_node_cancels_the_monitors_wait_at_the_next_heartbeat()
    {
        // A long time to live: only the heartbeat that finds the lease gone can stop the work here.
        var options = new NodeLeaseOptions { TimeToLive = TimeSpan.FromMinutes(5), StopMargin = TimeSpan.FromMinutes(1), HeartbeatInterval = TimeSpan.FromSeconds(1) };
        await using var setup = await SetupAsync(options);
        await setup.N1.TickAsync(CancellationToken.None);
        Assert.True(await setup.N1.MayWorkAsync(1, CancellationToken.None));

        var worker = setup.Worker();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await setup.Mailbox.Waiting.Task.WaitAsync(Deadline);

            // As if n1 had stalled past its lease: it runs out, n2 takes the account, and n1's next heartbeat sees it.
            await setup.ExpireLeaseAsync(1);
            Assert.NotNull(await setup.Store.TryAcquireAsync("n2", 1, options.TimeToLive, CancellationToken.None));
            await setup.N1.TickAsync(CancellationToken.None);

            await setup.Mailbox.Cancelled.Task.WaitAsync(Deadline);
            Assert.False(await setup.N1.MayWorkAsync(1, CancellationToken.None));
            Assert.Null((await setup.Monitors.FindByAccountAsync(1, CancellationToken.None))!.LastError); // not reported as a failure
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_node_that_cannot_renew_stops_its_work_while_its_lease_still_shuts_the_other_nodes_out()
    {
        // Work stops 4 minutes after the last renewal was sent, on n1's own clock (the test's); the lease itself lasts
        // 5 minutes on the database's real clock, so nobody else may start yet, however slowly a loaded machine runs.
        var options = new NodeLeaseOptions { TimeToLive = TimeSpan.FromMinutes(5), StopMargin = TimeSpan.FromMinutes(1), HeartbeatInterval = TimeSpan.FromSeconds(1) };
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var setup = await SetupAsync(options, clock);
        await setup.N1.TickAsync(CancellationToken.None);

        var worker = setup.Worker();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await setup.Mailbox.Waiting.Task.WaitAsync(Deadline);

            // No more heartbeats (the database is unreachable for n1, or n1 stalls): its own timer stops the work, on time.
            clock.Advance(options.TimeToLive - options.StopMargin - TimeSpan.FromSeconds(1));
            Assert.True(await setup.N1.MayWorkAsync(1, CancellationToken.None));
            clock.Advance(TimeSpan.FromSeconds(1));
            await setup.Mailbox.Cancelled.Task.WaitAsync(Deadline);
            Assert.False(await setup.N1.MayWorkAsync(1, CancellationToken.None));
            var held = await setup.Store.HeldAsync(CancellationToken.None);
            Assert.Equal("n1", held[1]);
            Assert.Null(await setup.Store.TryAcquireAsync("n2", 1, options.TimeToLive, CancellationToken.None));
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<Setup> SetupAsync(NodeLeaseOptions options, TimeProvider? clock = null)
    {
        var cs = await TestPostgres.CreateDatabaseAsync("leasecancel");
        var dataDirectory = Directory.CreateTempSubdirectory("mailroom-leasecancel-").FullName;
        var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(dataDirectory, cs), CancellationToken.None);
        var monitors = new MonitorStore(database, TimeProvider.System);
        await monitors.SaveAsync(new MonitorSettings { AccountId = 1, Enabled = true, IntervalSeconds = 3600 }, CancellationToken.None);
        var store = new NodeLeaseStore(database);
        var n1 = new NodeLeases(new NodeIdentity("n1"), store, monitors, options, clock ?? TimeProvider.System, NullLogger<NodeLeases>.Instance);
        return new Setup(dataDirectory, database, monitors, store, n1);
    }

    private sealed class Setup(string dataDirectory, MailroomDatabase database, MonitorStore monitors, NodeLeaseStore store, NodeLeases n1) : IAsyncDisposable
    {
        public MonitorStore Monitors => monitors;

        public NodeLeaseStore Store => store;

        public NodeLeases N1 => n1;

        public WaitingMailbox Mailbox { get; } = new();

        public MonitorWorker Worker()
        {
            var messages = new MonitorMessageStore(database, new RawMessageSpool(dataDirectory, TimeProvider.System), TimeProvider.System);
            var factory = new Factory(Mailbox);
            var runner = new MonitorRunner(monitors, messages, factory, new RecordingFiler(), n1, MonitorFaults.None, new MonitorOptions(), TimeProvider.System, NullLogger<MonitorRunner>.Instance);
            return new MonitorWorker(monitors, new OneAccount(), factory, runner, n1, TimeProvider.System, NullLogger<MonitorWorker>.Instance);
        }

        public async Task ExpireLeaseAsync(long accountId)
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE account_leases SET expires_at = 0 WHERE account_id = {accountId}";
            await command.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await database.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private sealed class OneAccount : IMonitorAccounts
    {
        private static readonly Account Desk = new() { Id = 1, Name = "Desk", Type = AccountType.Imap };

        public Task<Account?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult(id == 1 ? Desk : null);

        public Task<Account?> FindByNameAsync(string name, CancellationToken cancellationToken) => Task.FromResult(name == Desk.Name ? Desk : null);
    }

    private sealed class Factory(IIncomingMailbox mailbox) : IMailTransportFactory
    {
        public Task<IIncomingMailbox> OpenIncomingAsync(Account account, string? folder, CancellationToken cancellationToken) => Task.FromResult(mailbox);

        public Task<IOutgoingTransport> OpenOutgoingAsync(Account account, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>An empty mailbox whose wait for new mail lasts until it is cancelled, and says when that happened.</summary>
    private sealed class WaitingMailbox : IIncomingMailbox
    {
        public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<MailboxListing> ListAsync(string? checkpoint, CancellationToken cancellationToken) =>
            Task.FromResult(new MailboxListing([], checkpoint ?? "1:0", false));

        public IAsyncEnumerable<FetchedMessage> FetchAsync(IReadOnlyList<MailboxMessage> messages, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<PostActionFailure>> CompleteAsync(IReadOnlyList<MailboxMessage> messages, PostAction action, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PostActionFailure>>([]);

        public async Task WaitForNewMailAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
        {
            Waiting.TrySetResult();
            try
            {
                await Task.Delay(pollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult();
                throw;
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
