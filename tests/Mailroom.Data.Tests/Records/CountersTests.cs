using System.Collections.Concurrent;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Records;

public sealed class CountersTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Next_UnderManyConcurrentTransactions_NeverRepeats(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var seen = new ConcurrentBag<long>();

        // 16 tasks each take 25 numbers, each in its own transaction on its own connection, as separate nodes would.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await using var connection = await db.Database.OpenAsync(CancellationToken.None);
                await using var tx = await connection.BeginTransactionAsync();
                seen.Add(await Counters.NextAsync(connection, tx, Counters.ConversationId, CancellationToken.None));
                await tx.CommitAsync();
            }
        })));

        Assert.Equal(400, seen.Count);
        Assert.Equal(400, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Next_AfterARolledBackTransaction_StillGrows(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        await using var connection = await db.Database.OpenAsync(CancellationToken.None);
        long first;
        await using (var tx = await connection.BeginTransactionAsync())
        {
            first = await Counters.NextAsync(connection, tx, Counters.ConversationId, CancellationToken.None);
            await tx.CommitAsync();
        }

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await Counters.NextAsync(connection, tx, Counters.ConversationId, CancellationToken.None);
            await tx.RollbackAsync();
        }

        await using (var tx = await connection.BeginTransactionAsync())
        {
            Assert.True(await Counters.NextAsync(connection, tx, Counters.ConversationId, CancellationToken.None) > first);
            await tx.CommitAsync();
        }
    }
}
