using Mailroom.Core.Records;
using Mailroom.Data.Outbox;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Records;
using Mailroom.Data.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Mailroom.Data.Tests.Outbox;

/// <summary>
/// Claims renewed by the node sending them stay its own past the lease length; a claim nobody renews (its node died)
/// is taken over one lease after its last renewal, and the dead node's late words are ignored. Time is a fake clock.
/// </summary>
public sealed class OutboxClaimRenewalTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_claim_renewed_by_its_sender_is_never_taken_over_but_is_once_the_renewals_stop(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var record = await new RecordStore(db.Database, time).CreateAsync(new NewRecord("Printer", null), CancellationToken.None);
        var outbox = new OutboxStore(db.Database, time);
        var queued = await outbox.EnqueueAsync(false, TimeSpan.FromHours(24), _ => QueuedMail.Item(record.Id), CancellationToken.None);

        var claim = Assert.Single(await outbox.ClaimDueAsync("node-a", 10, Lease, CancellationToken.None));
        Assert.True(await outbox.MarkSendingAsync(claim.Id, "node-a", Lease, CancellationToken.None));

        // A slow SMTP transaction: three lease lengths go by while node-a renews every 20 s.
        for (var i = 0; i < 9; i++)
        {
            time.Advance(TimeSpan.FromSeconds(20));
            Assert.Equal([claim.Id], await outbox.RenewClaimsAsync("node-a", [claim.Id], Lease, CancellationToken.None));
            Assert.Empty(await outbox.ClaimDueAsync("node-b", 10, Lease, CancellationToken.None));
        }

        // node-a dies: no more renewals. Within the lease nobody takes it; past it node-b does, with the same message.
        time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await outbox.ClaimDueAsync("node-b", 10, Lease, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(2));
        var taken = Assert.Single(await outbox.ClaimDueAsync("node-b", 10, Lease, CancellationToken.None));
        Assert.Equal(queued.MessageId, taken.MessageId);
        Assert.True(taken.WasSending);

        // Late words from node-a change nothing: its renewal and its outcome are refused.
        Assert.Empty(await outbox.RenewClaimsAsync("node-a", [claim.Id], Lease, CancellationToken.None));
        Assert.False(await outbox.MarkSentAsync(claim.Id, "node-a", null, CancellationToken.None));
        Assert.Equal([taken.Id], await outbox.RenewClaimsAsync("node-b", [taken.Id], Lease, CancellationToken.None));
        Assert.True(await outbox.MarkSendingAsync(taken.Id, "node-b", Lease, CancellationToken.None));
        Assert.True(await outbox.MarkSentAsync(taken.Id, "node-b", null, CancellationToken.None));

        // A settled message is not renewed any more.
        Assert.Empty(await outbox.RenewClaimsAsync("node-b", [taken.Id], Lease, CancellationToken.None));
        Assert.Equal(OutboxState.Sent, (await outbox.GetAsync(queued.OutboxId, CancellationToken.None))!.State);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_lapsed_claim_is_not_renewed_even_before_another_node_takes_it(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var record = await new RecordStore(db.Database, time).CreateAsync(new NewRecord("Printer", null), CancellationToken.None);
        var outbox = new OutboxStore(db.Database, time);
        await outbox.EnqueueAsync(false, TimeSpan.FromHours(24), _ => QueuedMail.Item(record.Id), CancellationToken.None);
        var claims = await outbox.ClaimDueAsync("node-a", 10, Lease, CancellationToken.None);

        time.Advance(Lease + TimeSpan.FromSeconds(1));

        // Its node had stopped working it by then (its stop time is before the lease's end), so reviving it would be wrong.
        Assert.Empty(await outbox.RenewClaimsAsync("node-a", claims.Select(c => c.Id).ToList(), Lease, CancellationToken.None));
        Assert.Single(await outbox.ClaimDueAsync("node-b", 10, Lease, CancellationToken.None));
    }
}
