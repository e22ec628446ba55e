using Mailroom.Core.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Mail;

namespace Mailroom.Engine.Monitor;

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
/// already filed under another mailbox id (IMAP UIDVALIDITY reset) is recognised by Message-ID and content digest, and
/// the same mail delivered again (other Received, Delivered-To, Date) by Message-ID and the digest of what its author
/// wrote (<see cref="Mail.Parsing.AuthoredContentDigest"/>): it is counted skipped, its outcome Duplicate. A
/// completed message still listed where its post-action should have removed it (POP3 after a session that dropped
/// before QUIT) gets the post-action again, never a second filing.
/// </remarks>
internal sealed partial class MonitorRunner(
    MonitorStore monitors,
    MonitorMessageStore messages,
    IMailTransportFactory transports,
    IMessageFiler filer,
    IMonitorLease lease,
    MonitorFaults faults,
    MonitorOptions options,
    TimeProvider time,
    ILogger<MonitorRunner> logger,
    IEnumerable<IMonitorProgressSink>? progressSinks = null)
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
        var counts = await FileReceivedAsync(account, settings, ReceivedBytes.None, cancellationToken);
        await CompleteFiledAsync(account, settings, mailbox, postAction, cancellationToken);

        var checkpoint = await monitors.GetCheckpointAsync(account.Id, settings.Folder, cancellationToken);
        var listing = await mailbox.ListAsync(checkpoint, cancellationToken);
        if (listing.CheckpointReset)
        {
            Log.CheckpointReset(logger, account.Id, settings.Folder, listing.Messages.Count);
        }

        // A pipeline one batch deep: while batch N is filed (database only), batch N+1 downloads on the mailbox's
        // connection. Batch N's post-action waits for that download to end, so the connection is never used by two
        // tasks at once, and it still comes after batch N's filing commit; the checkpoint comes after everything.
        var batches = listing.Messages.Chunk(options.FetchBatch).ToArray();
        var kept = new ReceivedBytes(options.KeptBytes);
        await using var progress = await MonitorProgressTracker.StartAsync(progressSinks ?? [], account, listing.Messages,
            settings.LastCheckAt is null || listing.CheckpointReset, time, logger, cancellationToken);
        var fetched = 0;
        var redone = 0;
        var next = 0;
        if (batches.Length > 0 && !await lease.MayWorkAsync(account.Id, cancellationToken))
        {
            return counts; // another node holds the account now
        }

        var downloading = batches.Length > 0 ? ReceiveAsync(account, settings, mailbox, batches[next++], postAction, kept, cancellationToken) : null;
        while (downloading is not null)
        {
            var (received, redoneInBatch, setAside) = await downloading;
            var landed = batches[next - 1];
            await progress.ReceivedAsync(landed, cancellationToken);
            downloading = null;
            fetched += received;
            redone += redoneInBatch;
            counts = counts with { NotHandled = counts.NotHandled + setAside };
            if (next < batches.Length)
            {
                if (!await lease.MayWorkAsync(account.Id, cancellationToken))
                {
                    // Another node holds the account now; what this node received is in the ledger for it to finish.
                    return counts with { Fetched = fetched, PostActionsRedone = redone };
                }

                downloading = ReceiveAsync(account, settings, mailbox, batches[next++], postAction, kept, cancellationToken);
            }

            try
            {
                counts = counts.Add(await FileReceivedAsync(account, settings, kept, cancellationToken));
                await progress.FiledAsync(landed, cancellationToken);
            }
            finally
            {
                if (downloading is not null)
                {
                    // Whatever happened to the filing, the download must be over before the connection is used again
                    // or the mailbox disposed; its own failure, if any, is thrown when it is awaited.
                    await ((Task)downloading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            if (downloading is { IsFaulted: true } or { IsCanceled: true })
            {
                await downloading; // the connection is likely gone: end the check; the next one completes what was filed
            }

            await CompleteFiledAsync(account, settings, mailbox, postAction, cancellationToken);
        }

        if (listing.Checkpoint != checkpoint)
        {
            await monitors.SetCheckpointAsync(account.Id, settings.Folder, listing.Checkpoint, cancellationToken);
            faults.Step();
        }

        return counts with { Fetched = fetched, PostActionsRedone = redone };
    }

    /// <summary>POP3 always deletes (it has no flags or folders to keep state in); others do as the monitor says.</summary>
    internal static PostAction PostActionFor(Account account, MonitorSettings settings) =>
        account.Type == AccountType.Pop3 ? PostAction.Delete
        : PostAction.TryParse(settings.PostAction, out var action) ? action
        : PostAction.MarkRead;

    /// <summary>
    /// Whether a message the ledger already has as <see cref="MessageState.Completed"/>, listed again under the same
    /// mailbox id, shows that its post-action did not take on the server, so that the action must be done again.
    /// </summary>
    /// <remarks>
    /// Delete and move take the message out of the folder; if it is listed there again, the action was undone or never
    /// happened. POP3 is the case that matters: DELE only marks a message, the server removes it at QUIT, and a session
    /// that drops before QUIT (a crash, a network cut) has the server restore it, although the ledger already says
    /// completed. IMAP and Exchange apply delete and move at once, so there it is a safety net that costs nothing
    /// while the action works. Mark-read leaves the message in the folder by design: listing it again (a checkpoint
    /// that did not move before a crash, an Exchange sync state the server reset) is normal, says nothing about its
    /// flag, and must neither mark it again nor treat it as new; an agent may well have marked it unread on purpose.
    /// A message is never filed a second time either way. A message completed under mark-read and listed again after
    /// the monitor was switched to move or delete gets the current action: it is mail Mailroom filed, and the
    /// administrator's rule now is that filed mail leaves the folder.
    /// </remarks>
    internal static bool ListedAgainMeansUndone(PostAction postAction) => postAction is PostAction.DeleteAction or PostAction.MoveAction;

    /// <summary>
    /// Downloads each new message and marks it received, a segment of messages per durable commit. A listed message the ledger already has is
    /// not downloaded; if it is completed and still listed where its post-action should have removed it, the action
    /// is done again (see <see cref="ListedAgainMeansUndone"/>). The ledger is asked once per batch, not per message.
    /// A message the server would not give whole is stored with what could be had and set aside at once (Not
    /// handled, with the server's reason), so one message never stops the mailbox.
    /// Returns how many were received (set aside included), how many post-actions were done again, and how many were
    /// set aside.
    /// </summary>
    private async Task<(int Received, int Redone, int SetAside)> ReceiveAsync(Account account, MonitorSettings settings, IIncomingMailbox mailbox, MailboxMessage[] batch, PostAction postAction,
        ReceivedBytes kept, CancellationToken cancellationToken)
    {
        var known = await messages.StatesByMailboxIdAsync(account.Id, settings.Folder, batch.Select(m => m.MailboxId).ToList(), cancellationToken);
        var redo = ListedAgainMeansUndone(postAction);
        var received = 0;
        var redone = 0;
        var setAside = 0;
        var wanted = new List<MailboxMessage>(batch.Length);
        foreach (var message in batch)
        {
            if (!known.TryGetValue(message.MailboxId, out var state))
            {
                wanted.Add(message);
                continue;
            }

            // Received and filed rows are finished by FileReceivedAsync and CompleteFiledAsync; only completed
            // ones can be left on the server with nothing else to bring them back.
            if (redo && state == MessageState.Completed && await RedoPostActionAsync(account, mailbox, message, postAction, cancellationToken))
            {
                redone++;
            }
        }

        if (wanted.Count == 0)
        {
            return (received, redone, setAside);
        }

        // Staged in memory (or scratch files for large mail) and written to the ledger a segment at a time: every row
        // and raw of a segment in one transaction, one durable commit, instead of two fsyncs and a commit per message.
        var staged = new List<ReceivedBatchItem>();
        long stagedBytes = 0;
        try
        {
            await foreach (var fetched in mailbox.FetchAsync(wanted, cancellationToken))
            {
                var message = fetched.Message;
                var raw = await messages.Spool.StageAsync(fetched.Content ?? Stream.Null, cancellationToken);
                var entry = new ReceivedMessage { AccountId = account.Id, FolderKey = MonitorStore.FolderKey(settings.Folder), MailboxId = message.MailboxId, Size = message.Size };
                string? reason = null;
                if (fetched.Failure is { } failure)
                {
                    reason = MonitorErrors.Clip($"The message could not be read from the server: {failure}");
                    entry.MessageId = Truncate(message.MessageId, 998);
                }

                staged.Add(new ReceivedBatchItem(entry, raw, reason));
                stagedBytes += raw.Size;
                faults.Reach(MonitorFaults.Points.Fetched);
                if (stagedBytes >= options.SegmentBytes)
                {
                    var (inSegment, setAsideInSegment) = await WriteSegmentAsync(account, staged, kept, cancellationToken);
                    received += inSegment;
                    setAside += setAsideInSegment;
                    stagedBytes = 0;
                }
            }

            var (inLast, setAsideInLast) = await WriteSegmentAsync(account, staged, kept, cancellationToken);
            received += inLast;
            setAside += setAsideInLast;
        }
        finally
        {
            foreach (var item in staged)
            {
                await item.Raw.DisposeAsync();
            }
        }

        return (received, redone, setAside);
    }

    /// <summary>
    /// Makes a segment of downloaded messages durable (rows and raw bytes in one commit), then hands the bytes of the
    /// new ones to <paramref name="kept"/> for filing and lets the staged copies go.
    /// Returns how many were new to the ledger and how many of those were set aside.
    /// </summary>
    private async Task<(int Received, int SetAside)> WriteSegmentAsync(Account account, List<ReceivedBatchItem> staged, ReceivedBytes kept, CancellationToken cancellationToken)
    {
        if (staged.Count == 0)
        {
            return (0, 0);
        }

        var rows = await messages.ReceiveAsync(staged, () =>
        {
            faults.Reach(MonitorFaults.Points.BeforeReceiveCommit);
            return Task.CompletedTask;
        }, cancellationToken);
        faults.Step();
        var setAside = 0;
        foreach (var row in rows)
        {
            if (row.Outcome == MessageOutcome.NotHandled)
            {
                Log.SetAside(logger, account.Id, row.Id, row.MailboxId);
                setAside++;
            }
        }

        var inserted = rows.Where(r => r.Outcome != MessageOutcome.NotHandled).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var item in staged)
        {
            if (inserted.Contains(item.Message))
            {
                kept.Keep(item.Message.Id, item.Raw);
            }

            await item.Raw.DisposeAsync();
        }

        staged.Clear();
        return (rows.Count, setAside);
    }

    /// <summary>
    /// The post-action again for a completed message the server still lists. The ledger is not touched: the message
    /// stays completed and filed once. A refusal is logged and tried again at the next listing; a lost connection
    /// ends the check like any other. True when the server took the action.
    /// </summary>
    private async Task<bool> RedoPostActionAsync(Account account, IIncomingMailbox mailbox, MailboxMessage message, PostAction postAction, CancellationToken cancellationToken)
    {
        var failures = await mailbox.CompleteAsync([message], postAction, cancellationToken);
        faults.Step();
        if (failures.Count > 0)
        {
            Log.PostActionRedoFailed(logger, account.Id, message.MailboxId, postAction.ToString(), failures[0].Reason);
            return false;
        }

        Log.PostActionRedone(logger, account.Id, message.MailboxId, postAction.ToString());
        return true;
    }

    /// <summary>Runs the server's post-action on every filed message, then marks them completed.</summary>
    private async Task CompleteFiledAsync(Account account, MonitorSettings settings, IIncomingMailbox mailbox, PostAction postAction, CancellationToken cancellationToken)
    {
        var filed = await messages.ListByStateAsync(account.Id, settings.Folder, MessageState.Filed, 100_000, cancellationToken);
        foreach (var group in filed.Chunk(options.GroupSize))
        {
            var listed = group.Select(row => new MailboxMessage(row.MailboxId, row.Size)).ToList();
            var failures = await mailbox.CompleteAsync(listed, postAction, cancellationToken);
            faults.Step();
            faults.Reach(MonitorFaults.Points.AfterPostAction);
            var refused = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var failure in failures)
            {
                refused.TryAdd(failure.Message.MailboxId, failure.Reason);
            }

            var done = new List<long>(group.Length);
            foreach (var row in group)
            {
                if (refused.TryGetValue(row.MailboxId, out var reason))
                {
                    // The connection is fine but the server refused (e.g. the target folder is missing): the message
                    // stays filed and the action is tried again next time; the rest go on.
                    Log.PostActionFailed(logger, account.Id, row.Id, postAction.ToString(), reason);
                    await messages.MarkPostActionFailedAsync(row.Id, MonitorErrors.Clip(reason), cancellationToken);
                }
                else
                {
                    done.Add(row.Id);
                }
            }

            await messages.MarkCompletedAsync(done, cancellationToken);
            if (done.Count > 0)
            {
                faults.Step();
            }
        }
    }
}
