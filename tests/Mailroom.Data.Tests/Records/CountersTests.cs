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
                await using var work = await db.Database.BeginAsync(CancellationToken.None);
                seen.Add(await Counters.NextAsync(work, Counters.ConversationId, CancellationToken.None));
                await work.CommitAsync(CancellationToken.None);
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
        long first;
        await using (var work = await db.Database.BeginAsync(CancellationToken.None))
        {
            first = await Counters.NextAsync(work, Counters.ConversationId, CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        await using (var work = await db.Database.BeginAsync(CancellationToken.None))
        {
            await Counters.NextAsync(work, Counters.ConversationId, CancellationToken.None);
        } // disposed without a commit: rolled back

        await using (var work = await db.Database.BeginAsync(CancellationToken.None))
        {
            Assert.True(await Counters.NextAsync(work, Counters.ConversationId, CancellationToken.None) > first);
            await work.CommitAsync(CancellationToken.None);
        }
    }
}
