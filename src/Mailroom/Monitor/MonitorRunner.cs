using Mailroom.Core.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Mail;

namespace Mailroom.Monitor;

/// <summary>
/// Works one account's mailbox: finishes anything a previous run left between steps, then downloads what is new,
/// files it, acts on the server and moves the checkpoint, in that order, each step committed before the next.
/// </summary>
/// <remarks>
/// The order is what makes filing exactly-once. A message is durable on disk (or in PostgreSQL) and marked
/// <c>received</c> before anything else happens to it; it is filed in a database transaction that also marks it
/// <c>filed</c>; only after that commit does the server mark, move or delete it, and only after every listed
/// message is <c>filed</c> does the checkpoint move. A crash anywhere leaves rows that say exactly what is left,
/// and the next run does that first. A listing entry already in the ledger is not downloaded again, and a message
/// already filed under another mailbox id (IMAP UIDVALIDITY reset) is recognised by Message-ID and content digest.
/// </remarks>
internal sealed partial class MonitorRunner(
    MonitorStore monitors,
    MonitorMessageStore messages,
    IMailTransportFactory transports,
    IMessageFiler filer,
    IMonitorLease lease,
    MonitorFaults faults,
    MonitorOptions options,
    ILogger<MonitorRunner> logger)
{
    /// <summary>Connects to the account's mailbox, handles everything waiting there, and disconnects.</summary>
    /// <exception cref="InvalidOperationException">The account has no monitor.</exception>
    /// <exception cref="MailConnectionException">The mail server could not be reached or refused the sign-in.</exception>
    public async Task<MonitorCheckCounts> RunOnceAsync(Account account, CancellationToken cancellationToken)
    {
        var settings = await monitors.FindByAccountAsync(account.Id, cancellationToken)
            ?? throw new InvalidOperationException($"The account '{account.Name}' has no monitor; create one with `mailroom monitor set {account.Name}`.");
        if (!await lease.MayWorkAsync(account.Id, cancellationToken))
        {
            return MonitorCheckCounts.Zero;
        }

        await using var mailbox = await transports.OpenIncomingAsync(account, settings.Folder, cancellationToken);
        return await RunOnceAsync(account, settings, mailbox, cancellationToken);
    }

    /// <summary>Handles everything waiting in an open mailbox (the worker keeps one open between checks).</summary>
    public async Task<MonitorCheckCounts> RunOnceAsync(Account account, MonitorSettings settings, IIncomingMailbox mailbox, CancellationToken cancellationToken)
    {
        var postAction = PostActionFor(account, settings);

        // First whatever an earlier run left between two steps: file what was received, act on what was filed.
        var counts = await FileReceivedAsync(account, settings, cancellationToken);
        await CompleteFiledAsync(account, settings, mailbox, postAction, cancellationToken);

        var checkpoint = await monitors.GetCheckpointAsync(account.Id, settings.Folder, cancellationToken);
        var listing = await mailbox.ListAsync(checkpoint, cancellationToken);
        if (listing.CheckpointReset)
        {
            Log.CheckpointReset(logger, account.Id, settings.Folder, listing.Messages.Count);
        }

        var fetched = 0;
        foreach (var batch in listing.Messages.Chunk(options.FetchBatch))
        {
            if (!await lease.MayWorkAsync(account.Id, cancellationToken))
            {
                // Another node holds the account now; what this node received is in the ledger for it to finish.
                return counts with { Fetched = fetched };
            }

            fetched += await ReceiveAsync(account, settings, mailbox, batch, cancellationToken);
            counts = counts.Add(await FileReceivedAsync(account, settings, cancellationToken));
            await CompleteFiledAsync(account, settings, mailbox, postAction, cancellationToken);
        }

        if (listing.Checkpoint != checkpoint)
        {
            await monitors.SetCheckpointAsync(account.Id, settings.Folder, listing.Checkpoint, cancellationToken);
            faults.Step();
        }

        return counts with { Fetched = fetched };
    }

    /// <summary>POP3 always deletes (it has no flags or folders to keep state in); others do as the monitor says.</summary>
    internal static PostAction PostActionFor(Account account, MonitorSettings settings) =>
        account.Type == AccountType.Pop3 ? PostAction.Delete
        : PostAction.TryParse(settings.PostAction, out var action) ? action
        : PostAction.MarkRead;

    /// <summary>Streams each new message to durable storage and marks it received.</summary>
    private async Task<int> ReceiveAsync(Account account, MonitorSettings settings, IIncomingMailbox mailbox, MailboxMessage[] batch, CancellationToken cancellationToken)
    {
        var known = await messages.KnownMailboxIdsAsync(account.Id, settings.Folder, batch.Select(m => m.MailboxId).ToList(), cancellationToken);
        var received = 0;
        foreach (var message in batch)
        {
            if (known.Contains(message.MailboxId))
            {
                continue;
            }

            SpooledMessage spooled;
            await using (var source = await mailbox.OpenAsync(message, cancellationToken))
            {
                spooled = await messages.Spool.WriteAsync(account.Id, source, cancellationToken);
            }

            faults.Step();
            var row = await messages.InsertReceivedAsync(
                new ReceivedMessage { AccountId = account.Id, FolderKey = MonitorStore.FolderKey(settings.Folder), MailboxId = message.MailboxId, Size = message.Size },
                spooled, cancellationToken);
            if (row is not null)
            {
                received++;
            }

            faults.Step();
        }

        return received;
    }

    /// <summary>Runs the server's post-action on every filed message, then marks them completed.</summary>
    private async Task CompleteFiledAsync(Account account, MonitorSettings settings, IIncomingMailbox mailbox, PostAction postAction, CancellationToken cancellationToken)
    {
        var filed = await messages.ListByStateAsync(account.Id, settings.Folder, MessageState.Filed, 100_000, cancellationToken);
        var done = new List<long>();
        foreach (var row in filed)
        {
            try
            {
                await mailbox.CompleteAsync(new MailboxMessage(row.MailboxId, row.Size), postAction, cancellationToken);
            }
            catch (Exception ex) when (!MonitorErrors.IsConnectionFailure(ex))
            {
                // The connection is fine but the server refused (e.g. the target folder is missing): the message
                // stays filed and the action is tried again next time; the rest go on.
                Log.PostActionFailed(logger, ex, account.Id, row.Id, postAction.ToString());
                await messages.MarkPostActionFailedAsync(row.Id, MonitorErrors.Describe(ex), cancellationToken);
                continue;
            }

            done.Add(row.Id);
            faults.Step();
            if (done.Count >= options.GroupSize)
            {
                await messages.MarkCompletedAsync(done, cancellationToken);
                faults.Step();
                done.Clear();
            }
        }

        await messages.MarkCompletedAsync(done, cancellationToken);
        if (done.Count > 0)
        {
            faults.Step();
        }
    }
}
