using System.Collections.Concurrent;
using Mailroom.Core.Records;
using Mailroom.Data.Outbox;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Records;
using Mailroom.Data.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Mailroom.Data.Tests.Outbox;

public sealed class OutboxStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Enqueue_WritesTheEntryAndTheQueueRowTogether_WithTheAllocatedNumber(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Printer", "cust@example.test"), CancellationToken.None);
        var outbox = new OutboxStore(db.Database, TimeProvider.System);

        var first = await outbox.EnqueueAsync(true, TimeSpan.FromHours(24), n => QueuedMail.Item(record.Id, n), CancellationToken.None);
        var second = await outbox.EnqueueAsync(true, TimeSpan.FromHours(24), n => QueuedMail.Item(record.Id, n), CancellationToken.None);

        Assert.NotEqual(first.ConversationId, second.ConversationId);
        var message = await outbox.GetAsync(first.OutboxId, CancellationToken.None);
        Assert.Equal(OutboxState.Waiting, message!.State);
        Assert.Equal(record.Id, message.RecordId);
        Assert.Equal(first.MessageId, message.MessageId);
        var entry = await new JournalStore(db.Database, TimeProvider.System).GetAsync(first.EntryId, CancellationToken.None);
        Assert.Equal(DeliveryState.Queued, entry!.Mail!.DeliveryState);
        Assert.Equal(first.ConversationId, entry.Mail.ConversationId);
        Assert.Equal(QueuedMail.Raw(first.MessageId), await outbox.GetRawAsync(first.EntryId, CancellationToken.None));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Enqueue_WhenComposingThrows_WritesNothing(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Printer", null), CancellationToken.None);
        var outbox = new OutboxStore(db.Database, TimeProvider.System);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            outbox.EnqueueAsync(true, TimeSpan.FromHours(1), _ => throw new InvalidOperationException("boom"), CancellationToken.None));

        Assert.Empty(await outbox.ListAsync(includeSent: true, 100, CancellationToken.None));
        Assert.Empty(await new JournalStore(db.Database, TimeProvider.System).ListForRecordAsync(record.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AMessageLeftSending_IsClaimedAgainAfterTheLease_WithTheSameBytes_AndNeverAfterSent(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var record = await new RecordStore(db.Database, time).CreateAsync(new NewRecord("Printer", null), CancellationToken.None);
        var outbox = new OutboxStore(db.Database, time);
        var queued = await outbox.EnqueueAsync(false, TimeSpan.FromHours(24), n => QueuedMail.Item(record.Id, n), CancellationToken.None);

        var claim = Assert.Single(await outbox.ClaimDueAsync("node-a", 10, Lease, CancellationToken.None));
        Assert.False(claim.WasSending);
        Assert.True(await outbox.MarkSendingAsync(claim.Id, "node-a", Lease, CancellationToken.None));

        // node-a dies here, mid-transaction with the server. Until its lease runs out nobody else takes the message.
        Assert.Empty(await outbox.ClaimDueAsync("node-b", 10, Lease, CancellationToken.None));
        time.Advance(Lease + TimeSpan.FromSeconds(1));

        var again = Assert.Single(await outbox.ClaimDueAsync("node-b", 10, Lease, CancellationToken.None));
        Assert.True(again.WasSending);
        Assert.Equal(queued.MessageId, again.MessageId);
        Assert.Equal(QueuedMail.Raw(queued.MessageId), await outbox.GetRawAsync(again.EntryId, CancellationToken.None));

        // The dead node's late outcome is ignored: the claim is node-b's now.
        Assert.False(await outbox.MarkSentAsync(claim.Id, "node-a", null, CancellationToken.None));
        Assert.True(await outbox.MarkSendingAsync(again.Id, "node-b", Lease, CancellationToken.None));
        Assert.True(await outbox.MarkSentAsync(again.Id, "node-b", null, CancellationToken.None));

        time.Advance(TimeSpan.FromDays(2));
        Assert.Empty(await outbox.ClaimDueAsync("node-c", 10, Lease, CancellationToken.None));
        var message = await outbox.GetAsync(queued.OutboxId, CancellationToken.None);
        Assert.Equal(OutboxState.Sent, message!.State);
        Assert.Equal(2, message.Attempts);
        Assert.True(message.UnknownOutcome);
        Assert.Equal(OutboxRetryResult.AlreadySent, await outbox.RetryNowAsync(queued.OutboxId, TimeSpan.FromHours(1), CancellationToken.None));
        var entry = await new JournalStore(db.Database, TimeProvider.System).GetAsync(queued.EntryId, CancellationToken.None);
        Assert.Equal(DeliveryState.Sent, entry!.Mail!.DeliveryState);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RetryAndFailure_ShowOnTheEntry_AndRetryNowMakesAFailedMessageDue(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var record = await new RecordStore(db.Database, time).CreateAsync(new NewRecord("Printer", null), CancellationToken.None);
        var outbox = new OutboxStore(db.Database, time);
        var journal = new JournalStore(db.Database, time);
        var queued = await outbox.EnqueueAsync(false, TimeSpan.FromHours(24), n => QueuedMail.Item(record.Id, n), CancellationToken.None);

        var claim = Assert.Single(await outbox.ClaimDueAsync("n", 10, Lease, CancellationToken.None));
        Assert.True(await outbox.MarkRetryAsync(claim.Id, "n", 1, time.GetUtcNow().AddMinutes(1), "Connection refused", CancellationToken.None));
        Assert.Empty(await outbox.ClaimDueAsync("n", 10, Lease, CancellationToken.None));
        var waiting = await outbox.GetAsync(queued.OutboxId, CancellationToken.None);
        Assert.Equal(OutboxState.Waiting, waiting!.State);
        Assert.Equal(1, waiting.Attempts);
        Assert.Equal("Connection refused", waiting.LastError);
        Assert.Equal(DeliveryState.Queued, (await journal.GetAsync(queued.EntryId, CancellationToken.None))!.Mail!.DeliveryState);

        time.Advance(TimeSpan.FromMinutes(1));
        claim = Assert.Single(await outbox.ClaimDueAsync("n", 10, Lease, CancellationToken.None));
        Assert.True(await outbox.MarkFailedAsync(claim.Id, "n", 2, "550 5.1.1 <nobody@example.test>: Recipient address rejected", CancellationToken.None));
        var entry = await journal.GetAsync(queued.EntryId, CancellationToken.None);
        Assert.Equal(DeliveryState.Failed, entry!.Mail!.DeliveryState);
        Assert.Contains("550 5.1.1", entry.Mail.DeliveryDetail, StringComparison.Ordinal);
        Assert.True(entry.NeedsAttention);

        Assert.Equal(OutboxRetryResult.Scheduled, await outbox.RetryNowAsync(queued.OutboxId, TimeSpan.FromHours(24), CancellationToken.None));
        Assert.Single(await outbox.ClaimDueAsync("n", 10, Lease, CancellationToken.None));
        Assert.Equal(OutboxRetryResult.InProgress, await outbox.RetryNowAsync(queued.OutboxId, TimeSpan.FromHours(24), CancellationToken.None));
        Assert.Equal(OutboxRetryResult.NotFound, await outbox.RetryNowAsync(999_999, TimeSpan.FromHours(24), CancellationToken.None));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ConcurrentClaims_NeverHandTheSameMessageToTwoNodes(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Printer", null), CancellationToken.None);
        var outbox = new OutboxStore(db.Database, TimeProvider.System);
        for (var i = 0; i < 60; i++)
        {
            await outbox.EnqueueAsync(false, TimeSpan.FromHours(1), n => QueuedMail.Item(record.Id, n), CancellationToken.None);
        }

        var claimed = new ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(node => Task.Run(async () =>
        {
            while (true)
            {
                var claims = await outbox.ClaimDueAsync($"node-{node}", 4, Lease, CancellationToken.None);
                if (claims.Count == 0)
                {
                    return;
                }

                foreach (var c in claims)
                {
                    claimed.Add(c.Id);
                }
            }
        })));

        Assert.Equal(60, claimed.Count);
        Assert.Equal(60, claimed.Distinct().Count());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ConversationIds_AllocatedByManyConcurrentSends_AreUnique(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Printer", null), CancellationToken.None);
        var outbox = new OutboxStore(db.Database, TimeProvider.System);

        var queued = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ => Task.Run(() =>
            outbox.EnqueueAsync(true, TimeSpan.FromHours(1), n => QueuedMail.Item(record.Id, n), CancellationToken.None))));

        Assert.Equal(80, queued.Select(q => q.ConversationId).Distinct().Count());
        Assert.All(queued, q => Assert.NotNull(q.ConversationId));
    }
}
