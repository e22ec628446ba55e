using System.Text;
using Mailroom.Mail.Ews;

namespace Mailroom.Mail.Tests.Ews;

/// <summary>
/// Many ids per request against the test EWS server: GetItem with MIME for a batch, one UpdateItem, MoveItem or
/// DeleteItem for many, and the per-item answers of a partly failed request (an error for one item,
/// ErrorBatchProcessingStopped for those after it) reported per message.
/// </summary>
public sealed class ExchangeBatchTests
{
    [Fact]
    public async Task FetchMany_IsOneGetItemPerBatch_InOrder_AndAGoneAndAnUnconvertibleItemAreTheirOwnFailures()
    {
        await using var context = await EwsTestContext.StartAsync();
        var items = Enumerable.Range(1, 12).Select(i => context.Server.Mailbox.Deliver($"Batch {i}")).ToList();
        await using var mailbox = await Open(context, context.Options() with { FetchBatchSize = 10 });
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;
        context.Server.Mailbox.Remove(items[3], context.Server.Mailbox.Inbox); // gone since the listing
        items[6].Refusal = "ErrorMimeContentConversionFailed";

        var fetched = await ReadAllAsync(mailbox, listed);

        Assert.Equal(listed.Select(m => m.MailboxId), fetched.Select(f => f.Id));
        Assert.Contains("ErrorItemNotFound", fetched[3].Failure, StringComparison.Ordinal);
        Assert.Contains("ErrorMimeContentConversionFailed", fetched[6].Failure, StringComparison.Ordinal);
        foreach (var i in Enumerable.Range(0, 12).Except([3, 6]))
        {
            Assert.Null(fetched[i].Failure);
            Assert.Equal(Encoding.UTF8.GetString(items[i].Mime), fetched[i].Text);
        }

        var getItems = context.Server.Requests.Where(r => r.Operation == "GetItem").ToList();
        Assert.Equal([10, 2], getItems.Select(r => r.Body.Descendants(EwsTestXml.T + "ItemId").Count()));
        Assert.All(items.Where(i => i != items[3]), i => Assert.False(i.IsRead));
    }

    [Fact]
    public async Task FetchMany_AfterAnItemWhoseErrorStopsTheBatch_AsksAgainForTheItemsNotProcessed()
    {
        await using var context = await EwsTestContext.StartAsync();
        var items = Enumerable.Range(1, 4).Select(i => context.Server.Mailbox.Deliver($"Stopped {i}")).ToList();
        await using var mailbox = await Open(context);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;
        items[1].Refusal = "ErrorAccessDenied";

        var fetched = await ReadAllAsync(mailbox, listed);

        Assert.Contains("ErrorAccessDenied", fetched[1].Failure, StringComparison.Ordinal);
        Assert.Null(fetched[1].Text);
        foreach (var i in new[] { 0, 2, 3 })
        {
            Assert.Null(fetched[i].Failure);
            Assert.Equal(Encoding.UTF8.GetString(items[i].Mime), fetched[i].Text);
        }

        // The first answer said Warning/ErrorBatchProcessingStopped for the last two; they were asked for again.
        var getItems = context.Server.Requests.Where(r => r.Operation == "GetItem").ToList();
        Assert.Equal([4, 2], getItems.Select(r => r.Body.Descendants(EwsTestXml.T + "ItemId").Count()));
    }

    [Fact]
    public async Task MarkReadMany_IsOneUpdateItem_RefusedIsItsFailure_StoppedAreSentAgain_StaleChangeKeyRefreshed_GoneIsDone()
    {
        await using var context = await EwsTestContext.StartAsync();
        var items = Enumerable.Range(1, 5).Select(i => context.Server.Mailbox.Deliver($"Read {i}")).ToList();
        await using var mailbox = await Open(context);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;
        items[1].Refusal = "ErrorAccessDenied";
        items[3].ChangeVersion++; // changed on the server after the listing
        context.Server.Mailbox.Remove(items[4], context.Server.Mailbox.Inbox);

        var failures = await mailbox.CompleteAsync(listed, PostAction.MarkRead, CancellationToken.None);

        var failure = Assert.Single(failures);
        Assert.Equal(listed[1], failure.Message);
        Assert.Contains("ErrorAccessDenied", failure.Reason, StringComparison.Ordinal);
        Assert.Equal([true, false, true, true], items.Take(4).Select(i => i.IsRead));
        var updates = context.Server.Requests.Where(r => r.Operation == "UpdateItem")
            .Select(r => r.Body.Descendants(EwsTestXml.T + "ItemChange").Count()).ToList();
        Assert.Equal([5, 3, 1], updates); // all; the three the batch stopped before; the one with a stale ChangeKey
        Assert.Single(context.Server.Requests, r => r.Operation == "GetItem");
    }

    [Fact]
    public async Task MoveMany_IsOneMoveItem_AndAGoneItemCountsAsDone()
    {
        await using var context = await EwsTestContext.StartAsync();
        var items = Enumerable.Range(1, 3).Select(i => context.Server.Mailbox.Deliver($"Move {i}")).ToList();
        await using var mailbox = await Open(context);
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;
        context.Server.Mailbox.Remove(items[0], context.Server.Mailbox.Inbox);

        Assert.Empty(await mailbox.CompleteAsync(listed, PostAction.MoveTo("Processed"), CancellationToken.None));

        var processed = Assert.Single(context.Server.Mailbox.Children(context.Server.Mailbox.Root.Id), f => f.Name == "Processed");
        Assert.Equal(["Move 2", "Move 3"], processed.Items.Select(SubjectOf).Order());
        Assert.Empty(context.Server.Mailbox.Inbox.Items);
        var move = Assert.Single(context.Server.Requests, r => r.Operation == "MoveItem");
        Assert.Equal(3, move.Body.Descendants(EwsTestXml.T + "ItemId").Count());
    }

    [Fact]
    public async Task DeleteMany_IsOneDeleteItem_AndDoingItAgainAfterACrashChangesNothing()
    {
        await using var context = await EwsTestContext.StartAsync();
        var items = Enumerable.Range(1, 4).Select(i => context.Server.Mailbox.Deliver($"Delete {i}")).ToList();
        await using var mailbox = await Open(context, context.Options() with { ActionBatchSize = 3 });
        var listed = (await mailbox.ListAsync(null, CancellationToken.None)).Messages;

        Assert.Empty(await mailbox.CompleteAsync(listed, PostAction.Delete, CancellationToken.None));
        Assert.Empty(await mailbox.CompleteAsync(listed, PostAction.Delete, CancellationToken.None));

        Assert.Empty(context.Server.Mailbox.Inbox.Items);
        Assert.Equal(4, context.Server.Mailbox.DeletedItems.Items.Count);
        Assert.Equal([3, 1, 3, 1], context.Server.Requests.Where(r => r.Operation == "DeleteItem")
            .Select(r => r.Body.Descendants(EwsTestXml.T + "ItemId").Count()));
    }

    private static Task<IIncomingMailbox> Open(EwsTestContext context, ExchangeOptions? options = null) =>
        context.Factory(options).OpenIncomingAsync(context.Server.Account(), null, CancellationToken.None);

    private static string SubjectOf(TestItem item) =>
        Encoding.UTF8.GetString(item.Mime).Split("\r\n").First(l => l.StartsWith("Subject: ", StringComparison.Ordinal))["Subject: ".Length..];

    private static async Task<List<(string Id, string? Text, string? Failure)>> ReadAllAsync(IIncomingMailbox mailbox, IReadOnlyList<MailboxMessage> messages)
    {
        var fetched = new List<(string, string?, string?)>();
        await foreach (var item in mailbox.FetchAsync(messages, CancellationToken.None))
        {
            fetched.Add((item.Message.MailboxId, item.Content is null ? null : await new StreamReader(item.Content).ReadToEndAsync(), item.Failure));
        }

        return fetched;
    }
}
