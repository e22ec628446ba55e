using Mailroom.Core.Records;
using Mailroom.Core.Sending;
using Mailroom.Data.Outbox;
using Mailroom.Data.Records;
using Mailroom.Engine.Outbox;
using Mailroom.Engine.Sending;
using Mailroom.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mailroom.Tests.Sending;

public sealed class OutboxWorkerTests
{
    [Fact]
    public async Task TheWorker_SendsAQueuedMessage_WithoutAnyoneRunningTheOutboxByHand()
    {
        await using var h = await SendingHarness.CreateAsync();
        var account = await h.AddAccountAsync();
        var record = await h.Get<RecordStore>().CreateAsync(new NewRecord("Printer", h.Customer.Address), CancellationToken.None);
        var options = new OutboxOptions { PollInterval = TimeSpan.FromMilliseconds(200) };
        using var worker = new OutboxWorker(h.Get<OutboxProcessor>(), options, TimeProvider.System, NullLogger<OutboxWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);

        var queued = await h.Get<RecordMailer>().QueueAsync(new OutgoingMailRequest
        {
            RecordId = record.Id,
            Account = account.Name,
            To = [h.Customer.Address],
            Subject = "From the worker",
            TextBody = "Sent in the background.",
        }, CancellationToken.None);

        var arrived = Assert.Single(await MailServer.WaitForMessagesAsync(h.Customer));
        Assert.Equal(queued.MessageId, arrived.MessageId);

        // Delivery can outrun the worker's own bookkeeping on a loaded machine: wait (a generous minute) for it to
        // record the outcome.
        var state = await WaitFor.ValueAsync(
            async () => (await h.Get<OutboxStore>().GetAsync(queued.OutboxId, CancellationToken.None))!.State, s => s == OutboxState.Sent,
            TimeSpan.FromSeconds(60), $"the worker recording outbox message {queued.OutboxId} as sent");

        await worker.StopAsync(CancellationToken.None);
        Assert.Equal(OutboxState.Sent, state);
    }
}
