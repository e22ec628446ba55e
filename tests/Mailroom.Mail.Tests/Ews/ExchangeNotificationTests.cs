using Mailroom.Mail.Ews;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;

namespace Mailroom.Mail.Tests.Ews;

/// <summary>
/// Waiting for new mail on Exchange with event notifications against the test EWS server: a streaming subscription
/// whose open GetStreamingEvents response brings the new message, several envelopes on one response, a subscription
/// that expires and is replaced, and a pull subscription where the server refuses streaming (Exchange 2007). The
/// poll interval is ten minutes, so a wait that ends within the deadline ended through the notification.
/// </summary>
public sealed class ExchangeNotificationTests
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Streaming_AMessageCreatedDuringTheWait_EndsItAndTheNextListingHasIt()
    {
        await using var context = await EwsTestContext.StartAsync();
        await using var mailbox = await Open(context);
        var checkpoint = (await mailbox.ListAsync(null, CancellationToken.None)).Checkpoint;

        var wait = mailbox.WaitForNewMailAsync(PollInterval, CancellationToken.None);
        await WaitFor.ConditionAsync(() => Count(context, "GetStreamingEvents") == 1, TimeSpan.FromSeconds(20), "the mailbox opening GetStreamingEvents");
        Assert.False(wait.IsCompleted, "the wait ended before any mail arrived");
        var item = context.Server.Mailbox.Deliver("Streamed");
        await WaitFor.TaskAsync(wait, TimeSpan.FromSeconds(20), "the wait ending on the new message's events");
        var listed = await mailbox.ListAsync(checkpoint, CancellationToken.None);

        Assert.Equal(item.Id, Assert.Single(listed.Messages).MailboxId);
        var subscribe = Assert.Single(context.Server.Requests, r => r.Operation == "Subscribe");
        var request = Assert.Single(subscribe.Body.Elements());
        Assert.Equal("StreamingSubscriptionRequest", request.Name.LocalName);
        Assert.Equal(["NewMailEvent", "CreatedEvent", "MovedEvent"], request.Descendants(EwsTestXml.T + "EventType").Select(e => e.Value));
        Assert.Equal("Exchange2013_SP1", Assert.Single(context.Server.Requests, r => r.Operation == "GetStreamingEvents").RequestServerVersion);
    }

    [Fact]
    public async Task Streaming_EachBatchOfEventsIsItsOwnEnvelopeOnTheOneOpenResponse_UntilTheServerClosesIt()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.ConnectionTimeoutScale = 4.0 / 60 / 30; // the 30 minutes asked for last 4 s
        using var client = context.Client(context.Options() with { TimeProvider = TimeProvider.System });
        await client.GetFolderAsync(EwsFolder.Inbox, CancellationToken.None); // learns the server's version
        var subscription = await client.SubscribeStreamingAsync(EwsFolder.Inbox, CancellationToken.None);

        var batches = new List<int>();
        await using var stream = client.GetStreamingEventsAsync(subscription, 30, CancellationToken.None).GetAsyncEnumerator();
        var first = stream.MoveNextAsync().AsTask();
        await WaitFor.ConditionAsync(() => Count(context, "GetStreamingEvents") == 1, TimeSpan.FromSeconds(20), "GetStreamingEvents reaching the server");
        context.Server.Mailbox.Deliver("First");
        await WaitFor.TaskAsync(first, TimeSpan.FromSeconds(20), "the first message's envelope arriving");
        batches.Add(stream.Current);
        context.Server.Mailbox.Deliver("Second");
        var second = stream.MoveNextAsync().AsTask();
        await WaitFor.TaskAsync(second, TimeSpan.FromSeconds(20), "the second message's envelope arriving");
        batches.Add(stream.Current);
        var end = stream.MoveNextAsync().AsTask();
        await WaitFor.TaskAsync(end, TimeSpan.FromSeconds(30), "the server's ConnectionStatus Closed ending the stream");

        Assert.True(await first && await second);
        Assert.Equal([2, 2], batches); // CreatedEvent and NewMailEvent for each
        Assert.False(await end);
        Assert.Equal(1, Count(context, "GetStreamingEvents"));
    }

    [Fact]
    public async Task Streaming_AnExpiredOrUnknownSubscription_IsReplaced_AndTheWaitEndsAtOnce()
    {
        await using var context = await EwsTestContext.StartAsync();
        await using var mailbox = await Open(context);
        await mailbox.ListAsync(null, CancellationToken.None);

        // Expired while the connection is open: ErrorExpiredSubscription on the stream.
        var wait = mailbox.WaitForNewMailAsync(PollInterval, CancellationToken.None);
        await WaitFor.ConditionAsync(() => Count(context, "GetStreamingEvents") == 1, TimeSpan.FromSeconds(20), "the mailbox opening GetStreamingEvents");
        context.Server.Mailbox.ExpireSubscriptions();
        await WaitFor.TaskAsync(wait, TimeSpan.FromSeconds(20), "the expired subscription ending the wait");
        Assert.Equal(2, Count(context, "Subscribe"));

        // Gone between two waits: ErrorSubscriptionNotFound answers the next GetStreamingEvents.
        context.Server.Mailbox.ExpireSubscriptions();
        await WaitFor.TaskAsync(mailbox.WaitForNewMailAsync(PollInterval, CancellationToken.None), TimeSpan.FromSeconds(20), "the unknown subscription ending the wait");
        Assert.Equal(3, Count(context, "Subscribe"));

        // The replacement carries on: new mail ends the next wait through it.
        wait = mailbox.WaitForNewMailAsync(PollInterval, CancellationToken.None);
        await WaitFor.ConditionAsync(() => Count(context, "GetStreamingEvents") == 3, TimeSpan.FromSeconds(20), "the mailbox streaming with the new subscription");
        context.Server.Mailbox.Deliver("After the expiry");
        await WaitFor.TaskAsync(wait, TimeSpan.FromSeconds(20), "the new subscription bringing the new message");
        var live = Assert.Single(context.Server.Mailbox.Subscriptions);
        var last = context.Server.Requests.Last(r => r.Operation == "GetStreamingEvents");
        Assert.Equal(live.Id, last.Body.Descendants(EwsTestXml.T + "SubscriptionId").Single().Value);
    }

    [Fact]
    public async Task Exchange2007_RefusesStreaming_SoAPullSubscriptionBringsTheNewMessage()
    {
        await using var context = await EwsTestContext.StartAsync();
        context.Server.Version = EwsTestServerVersion.Exchange2007;
        await using var mailbox = await Open(context, context.Options() with { TimeProvider = TimeProvider.System, PullInterval = TimeSpan.FromMilliseconds(200) });
        var checkpoint = (await mailbox.ListAsync(null, CancellationToken.None)).Checkpoint;

        var wait = mailbox.WaitForNewMailAsync(PollInterval, CancellationToken.None);
        await WaitFor.ConditionAsync(() => Count(context, "GetEvents") >= 1, TimeSpan.FromSeconds(20), "the mailbox asking the pull subscription for events");
        var item = context.Server.Mailbox.Deliver("Pulled");
        await WaitFor.TaskAsync(wait, TimeSpan.FromSeconds(20), "the pull subscription bringing the new message");
        Assert.Equal(item.Id, Assert.Single((await mailbox.ListAsync(checkpoint, CancellationToken.None)).Messages).MailboxId);

        // The next wait goes straight to the pull subscription it has.
        wait = mailbox.WaitForNewMailAsync(PollInterval, CancellationToken.None);
        var asked = Count(context, "GetEvents");
        await WaitFor.ConditionAsync(() => Count(context, "GetEvents") > asked, TimeSpan.FromSeconds(20), "the second wait asking for events");
        context.Server.Mailbox.Deliver("Pulled again");
        await WaitFor.TaskAsync(wait, TimeSpan.FromSeconds(20), "the pull subscription bringing the second message");

        var subscribed = context.Server.Requests.Where(r => r.Operation == "Subscribe").Select(r => r.Body.Elements().Single().Name.LocalName).ToList();
        Assert.Equal(["PullSubscriptionRequest"], subscribed); // the refused streaming Subscribe never reached the handlers
        var pull = Assert.Single(context.Server.Mailbox.Subscriptions);
        Assert.False(pull.Streaming);
        Assert.Contains(context.Log.Entries, e => e.Message.Contains("has no streaming notifications (ErrorInvalidServerVersion)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, "StreamingSubscriptionRequest")]
    [InlineData(true, "PullSubscriptionRequest")] // Exchange 2007 refuses streaming
    public async Task AMessageArrivingBetweenTheListingAndTheWait_EndsTheWaitAtOnce(bool exchange2007, string subscription)
    {
        await using var context = await EwsTestContext.StartAsync();
        if (exchange2007)
        {
            context.Server.Version = EwsTestServerVersion.Exchange2007;
        }

        await using var mailbox = await Open(context, context.Options() with { TimeProvider = TimeProvider.System, PullInterval = TimeSpan.FromMilliseconds(200) });
        var checkpoint = (await mailbox.ListAsync(null, CancellationToken.None)).Checkpoint;

        var item = context.Server.Mailbox.Deliver("While the monitor filed"); // before any wait began
        await WaitFor.TaskAsync(mailbox.WaitForNewMailAsync(PollInterval, CancellationToken.None), TimeSpan.FromSeconds(20),
            "the wait ending on the event of a message that came after the listing (not ten minutes later, at the poll)");

        Assert.Equal(item.Id, Assert.Single((await mailbox.ListAsync(checkpoint, CancellationToken.None)).Messages).MailboxId);
        var operations = context.Server.Requests.Select(r => r.Operation).ToList();
        Assert.True(operations.IndexOf("Subscribe") < operations.IndexOf("SyncFolderItems"), "subscribed before the first listing: " + string.Join(", ", operations));
        var subscribe = Assert.Single(context.Server.Requests, r => r.Operation == "Subscribe");
        Assert.Equal(subscription, subscribe.Body.Elements().Single().Name.LocalName);
    }

    private static Task<IIncomingMailbox> Open(EwsTestContext context, ExchangeOptions? options = null) =>
        context.Factory(options ?? context.Options() with { TimeProvider = TimeProvider.System })
            .OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);

    private static int Count(EwsTestContext context, string operation) => context.Server.Requests.Count(r => r.Operation == operation);
}
