using Mailroom.Core.Records;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Records;

/// <summary>
/// Nodes filing at once on PostgreSQL: a record created inside a transaction that stays open (the monitor's filing
/// group) must not make another node's record creation wait for that commit.
/// </summary>
public sealed class RecordNumberConcurrencyTests
{
    [Fact]
    public async Task On_PostgreSQL_a_record_created_in_an_open_transaction_does_not_hold_up_another_nodes_record()
    {
        await using var db = await StoreHarness.CreateAsync("postgres");
        var records = new RecordStore(db.Database, TimeProvider.System);
        await using var open = await db.Database.BeginAsync(CancellationToken.None);
        var held = await records.CreateAsync(open, new NewRecord("Filed by node one, not yet committed", "one@example.test"), CancellationToken.None);

        // The other node's whole transaction completes while the first is still open.
        await using var other = await db.Database.BeginAsync(CancellationToken.None);
        var created = await records.CreateAsync(other, new NewRecord("Filed by node two", "two@example.test"), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));
        await other.CommitAsync(CancellationToken.None);
        await open.CommitAsync(CancellationToken.None);

        Assert.NotEqual(held.Number, created.Number);
        var page = await records.ListAsync(new RecordQuery(Limit: 10), CancellationToken.None);
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task On_PostgreSQL_a_rolled_back_record_spends_its_number_and_the_next_one_is_higher()
    {
        await using var db = await StoreHarness.CreateAsync("postgres");
        var records = new RecordStore(db.Database, TimeProvider.System);
        Mailroom.Core.Records.Record rolledBack;
        await using (var work = await db.Database.BeginAsync(CancellationToken.None))
        {
            rolledBack = await records.CreateAsync(work, new NewRecord("Rolled back", null), CancellationToken.None);
        } // disposed without a commit: rolled back

        var next = await records.CreateAsync(new NewRecord("Kept", null), CancellationToken.None);
        Assert.True(next.Number > rolledBack.Number, $"record number {next.Number} after the rolled-back {rolledBack.Number}");
        Assert.Single((await records.ListAsync(new RecordQuery(Limit: 10), CancellationToken.None)).Records);
    }
}
