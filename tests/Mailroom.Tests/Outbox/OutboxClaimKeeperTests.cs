using Mailroom.Core.Records;
using Mailroom.Data.Outbox;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Outbox;
using Mailroom.Engine.Outbox;
using Mailroom.Testing;
using Mailroom.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Mailroom.Tests.Outbox;

/// <summary>
/// The outbox claims of a batch in hand, kept alive by <see cref="OutboxClaimKeeper"/>: renewed, they stay this node's
/// for as long as the sending takes; not renewed, the node stops sending before another node may take them, and the
/// other node takes them when the lease runs out. Time is a fake clock (it decides the claims' expiry in the database
/// too, so nothing here depends on how fast a loaded machine runs); renewals are driven by the test, except in the
/// test of the keeper's own loop, where the test only moves the clock on.
/// </summary>
public sealed class OutboxClaimKeeperTests
{
    // The defaults: a 60 s lease, work stopped 15 s before it could run out. Renewals here come only from the test.
    private static readonly OutboxOptions Manual = new() { NodeName = "node-a", RenewInterval = TimeSpan.FromDays(1) };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_batch_renewed_while_it_is_sent_stays_this_nodes_for_several_lease_lengths(string kind)
    {
        await using var setup = await Setup.CreateAsync(kind, messages: 3);
        await using var keeper = await setup.ClaimAsync(Manual);

        // A slow server: three minutes (three lease lengths) of sending, a renewal every 20 s.
        for (var i = 0; i < 9; i++)
        {
            setup.Time.Advance(TimeSpan.FromSeconds(20));
            Assert.True(await keeper.RenewAsync(CancellationToken.None));
            Assert.False(keeper.Token.IsCancellationRequested);
            Assert.Empty(await setup.Outbox.ClaimDueAsync("node-b", 10, Manual.Lease, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Without_renewals_the_node_stops_before_its_claims_run_out_and_another_node_takes_them_after(string kind)
    {
        await using var setup = await Setup.CreateAsync(kind, messages: 2);
        await using var keeper = await setup.ClaimAsync(Manual);
        setup.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await keeper.RenewAsync(CancellationToken.None));

        // The database is away (or the process stalled): no renewal goes through. 45 s after the last one the work stops…
        setup.Time.Advance(Manual.Lease - Manual.StopMargin - TimeSpan.FromSeconds(1));
        Assert.False(keeper.Token.IsCancellationRequested);
        setup.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(keeper.Token.IsCancellationRequested);

        // … while the claims still shut the other nodes out; they are free once the lease is over.
        Assert.Empty(await setup.Outbox.ClaimDueAsync("node-b", 10, Manual.Lease, CancellationToken.None));
        setup.Time.Advance(Manual.StopMargin);
        Assert.Equal(2, (await setup.Outbox.ClaimDueAsync("node-b", 10, Manual.Lease, CancellationToken.None)).Count);
        Assert.False(await keeper.RenewAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Settled_messages_are_no_longer_renewed_and_do_not_stop_the_rest(string kind)
    {
        await using var setup = await Setup.CreateAsync(kind, messages: 2);
        await using var keeper = await setup.ClaimAsync(Manual);
        var first = setup.Claims[0];

        Assert.True(await setup.Outbox.MarkSendingAsync(first.Id, "node-a", Manual.Lease, CancellationToken.None));
        Assert.True(await setup.Outbox.MarkSentAsync(first.Id, "node-a", null, CancellationToken.None));
        keeper.Settled(first.Id);

        setup.Time.Advance(TimeSpan.FromSeconds(40));
        Assert.True(await keeper.RenewAsync(CancellationToken.None));
        setup.Time.Advance(TimeSpan.FromSeconds(40));
        Assert.True(await keeper.RenewAsync(CancellationToken.None));
        Assert.Empty(await setup.Outbox.ClaimDueAsync("node-b", 10, Manual.Lease, CancellationToken.None));
        Assert.Equal(OutboxState.Sent, (await setup.Outbox.GetAsync(first.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task The_keepers_own_loop_renews_past_the_lease_and_stops_renewing_once_disposed()
    {
        // The loop renews every 20 s of the fake clock. The test moves the clock on only while the loop waits for its
        // next renewal, and then waits (on the real clock, generously) until the renewal is written and the loop waits again.
        var options = Manual with { RenewInterval = TimeSpan.FromSeconds(20) };
        var clock = new LoopClock(options.RenewInterval);
        await using var setup = await Setup.CreateAsync("postgres", messages: 1, clock);
        var keeper = await setup.ClaimAsync(options);
        try
        {
            // Three lease lengths, renewed by the loop alone: node-b finds nothing to take.
            for (var renewals = 0; renewals < 9; renewals++)
            {
                await clock.WaitForLoopAsync(waits: renewals + 1);
                clock.Advance(options.RenewInterval);
                await clock.WaitForLoopAsync(waits: renewals + 2);
                Assert.False(keeper.Token.IsCancellationRequested);
                Assert.Empty(await setup.Outbox.ClaimDueAsync("node-b", 10, options.Lease, CancellationToken.None));
            }
        }
        finally
        {
            await keeper.DisposeAsync();
        }

        // The node dies (no more renewals): the claim holds for the rest of the lease, then node-b takes the message.
        clock.Advance(options.Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await setup.Outbox.ClaimDueAsync("node-b", 10, options.Lease, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(2));
        var taken = await setup.Outbox.ClaimDueAsync("node-b", 10, options.Lease, CancellationToken.None);
        Assert.Equal(setup.Claims[0].Id, Assert.Single(taken).Id);
    }

    [Fact]
    public async Task A_renewal_that_fails_is_logged_with_the_node_and_the_accounts_and_the_batch_still_stops_in_time()
    {
        var options = Manual with { RenewInterval = TimeSpan.FromSeconds(20) };
        var clock = new LoopClock(options.RenewInterval);
        await using var setup = await Setup.CreateAsync("postgres", messages: 1, clock);
        var logger = new CollectingLogger<OutboxClaimKeeper>();
        var keeper = await setup.ClaimAsync(options, logger);
        try
        {
            await clock.WaitForLoopAsync(waits: 1);
            await setup.LoseDatabaseAsync();
            clock.Advance(options.RenewInterval);

            var logged = await WaitFor.ValueAsync(() => logger.Entries.FirstOrDefault(e => e.Id.Id == 2107), e => e.Message is not null,
                TimeSpan.FromSeconds(60), "the failed renewal being logged");
            Assert.Equal(LogLevel.Warning, logged.Level);
            Assert.Contains("Node node-a", logged.Message, StringComparison.Ordinal);
            Assert.Contains($"outbox messages {setup.Claims[0].Id} (accounts {setup.Claims[0].AccountId})", logged.Message, StringComparison.Ordinal);
            Assert.False(keeper.Token.IsCancellationRequested, "one failed renewal stopped the batch before its time");

            // Still away: the stop timer ends the work before the claims could run out, as without a log.
            clock.Advance(options.Lease - options.StopMargin - options.RenewInterval + TimeSpan.FromSeconds(1));
            Assert.True(keeper.Token.IsCancellationRequested);
        }
        finally
        {
            await keeper.DisposeAsync();
        }
    }

    [Fact]
    public void The_default_lease_is_a_minute_and_a_lease_without_room_for_renewals_is_refused_naming_the_key()
    {
        var defaults = new OutboxOptions();
        Assert.Equal(TimeSpan.FromSeconds(60), defaults.Lease);
        Assert.Empty(defaults.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(defaults)));

        var tooShort = new OutboxOptions { Lease = TimeSpan.FromSeconds(20) };
        var problem = Assert.Single(tooShort.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(tooShort)));
        Assert.Contains("Mailroom:Outbox:RenewInterval", problem.ErrorMessage, StringComparison.Ordinal);
    }

    /// <summary>The <see cref="AppHarness"/> on the fake clock, with a record and <c>messages</c> queued mails.</summary>
    private sealed class Setup(AppHarness app, FakeTimeProvider time) : IAsyncDisposable
    {
        public FakeTimeProvider Time => time;

        public OutboxStore Outbox => app.Get<OutboxStore>();

        public IReadOnlyList<OutboxClaim> Claims { get; private set; } = [];

        public static async Task<Setup> CreateAsync(string kind, int messages, FakeTimeProvider? fake = null)
        {
            var clock = fake ?? new FakeTimeProvider(DateTimeOffset.UtcNow);
            var app = await AppHarness.CreateAsync(kind, "claimkeeper", time: clock);
            var record = await app.Get<RecordStore>().CreateAsync(new NewRecord("Printer", null), CancellationToken.None);
            for (var i = 0; i < messages; i++)
            {
                await app.Get<OutboxStore>().EnqueueAsync(false, TimeSpan.FromHours(24), _ => QueuedMail.Item(record.Id), CancellationToken.None);
            }

            return new Setup(app, clock);
        }

        /// <summary>node-a claims every message and starts keeping the claims.</summary>
        public async Task<OutboxClaimKeeper> ClaimAsync(OutboxOptions options, ILogger? logger = null)
        {
            var claimedAt = time.GetTimestamp();
            Claims = await Outbox.ClaimDueAsync(options.NodeName, 10, options.Lease, CancellationToken.None);
            Assert.NotEmpty(Claims);
            return new OutboxClaimKeeper(Outbox, options, time, claimedAt, Claims, logger ?? NullLogger.Instance);
        }

        /// <summary>The database goes away: every later open fails (the data source is disposed).</summary>
        public ValueTask LoseDatabaseAsync() => app.Database.DisposeAsync();

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }

    /// <summary>
    /// A fake clock that counts the waits of the keeper's loop (its timers of one renewal interval), so the test moves
    /// time on only while the loop is waiting: a wait that starts after a move would never end.
    /// </summary>
    private sealed class LoopClock(TimeSpan interval) : FakeTimeProvider(DateTimeOffset.UtcNow)
    {
        private int _waits;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime == interval)
            {
                Interlocked.Increment(ref _waits);
            }

            return timer;
        }

        /// <summary>Until the loop has started its wait number <paramref name="waits"/> (one more than the renewals it made).</summary>
        public Task WaitForLoopAsync(int waits) =>
            WaitFor.ValueAsync(() => Volatile.Read(ref _waits), started => started >= waits, TimeSpan.FromSeconds(60),
                $"the keeper's loop starting wait {waits}", TimeSpan.FromMilliseconds(10), started => $"{started} waits started");
    }
}
