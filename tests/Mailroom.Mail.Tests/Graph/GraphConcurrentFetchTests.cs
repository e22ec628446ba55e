using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;
using Mailroom.Testing.Graph;

namespace Mailroom.Mail.Tests.Graph;

/// <summary>
/// A batch's $value downloads run up to four at once against the in-process Graph server (Outlook's limit per app
/// and mailbox), yielded in order; under a lower limit the 429s are waited out as Retry-After says and nothing is lost.
/// </summary>
public sealed class GraphConcurrentFetchTests
{
    [Fact]
    public async Task FetchMany_HasFourDownloadsInFlightAtOnce_NeverMore_AndYieldsThemInOrder()
    {
        await using var f = await GraphServerFixture.StartAsync();
        var delivered = Enumerable.Range(1, 10).Select(i => f.Mailbox.AddMessage(GraphServerFixture.Mime($"Concurrent {i}"), received: DateTimeOffset.UtcNow.AddMinutes(i - 100))).ToList();
        await using var mailbox = await f.Factory().OpenIncomingAsync(f.Account, null, CancellationToken.None);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;

        var hold = f.Mailbox.HoldRequests();
        await using var items = mailbox.FetchAsync(listed, CancellationToken.None).GetAsyncEnumerator();
        var first = items.MoveNextAsync().AsTask();
        await WaitFor.ConditionAsync(() => f.Mailbox.InFlight == 4, TimeSpan.FromSeconds(20), $"four downloads in flight at once (in flight: {f.Mailbox.InFlight})");
        hold.Dispose();
        await WaitFor.TaskAsync(first, TimeSpan.FromSeconds(20), "the first download finishing once the server let go");

        var texts = new List<byte[]>();
        var more = await first;
        while (more)
        {
            Assert.Null(items.Current.Failure);
            using var copy = new MemoryStream();
            await items.Current.Content!.CopyToAsync(copy);
            texts.Add(copy.ToArray());
            more = await items.MoveNextAsync();
        }

        Assert.Equal(delivered.Select(m => m.Mime), texts);
        Assert.Equal(0, f.Graph.Counters.Throttled); // the fifth never went out while four were in flight
        Assert.Equal(10, f.Graph.Counters.Requests(GraphRequestKind.GetMime));
    }

    [Fact]
    public async Task FetchMany_UnderALowerConcurrencyLimit_WaitsOutRetryAfter_AndLosesNothing()
    {
        await using var f = await GraphServerFixture.StartAsync(options: new GraphTestServerOptions { ConcurrentRequestsPerMailbox = 2 });
        var delivered = Enumerable.Range(1, 8).Select(i => f.Mailbox.AddMessage(GraphServerFixture.Mime($"Throttled {i}"), received: DateTimeOffset.UtcNow.AddMinutes(i - 100))).ToList();
        // Real time: the throttled downloads wait the server's Retry-After (1 s) before they are sent again.
        await using var mailbox = await f.Factory(o => o with { TimeProvider = TimeProvider.System }).OpenIncomingAsync(f.Account, null, CancellationToken.None);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;

        var hold = f.Mailbox.HoldRequests();
        var fetching = ReadAllAsync(mailbox, listed);
        await WaitFor.ConditionAsync(() => f.Graph.Counters.Throttled > 0, TimeSpan.FromSeconds(20), "a download answered 429 (four asked for against a limit of two)");
        hold.Dispose();
        var fetched = await fetching;

        Assert.Equal(delivered.Select(m => m.Mime), fetched);
        Assert.Equal(8 + f.Graph.Counters.Throttled, f.Graph.Counters.Requests(GraphRequestKind.GetMime)); // each 429 sent again, once it was waited out
    }

    private static async Task<List<byte[]>> ReadAllAsync(IIncomingMailbox mailbox, IReadOnlyList<MailboxMessage> messages)
    {
        var fetched = new List<byte[]>();
        await foreach (var item in mailbox.FetchAsync(messages, CancellationToken.None))
        {
            Assert.Null(item.Failure);
            using var copy = new MemoryStream();
            await item.Content!.CopyToAsync(copy);
            fetched.Add(copy.ToArray());
        }

        return fetched;
    }
}
