using Mailroom.Core.Accounts;
using Mailroom.Data.Monitor;

namespace Mailroom.Engine.Monitor;

/// <summary>Filing received messages in group commits, each message isolated by a savepoint.</summary>
internal sealed partial class MonitorRunner
{
    /// <summary>A message that stopped the process this many times while being filed is set aside.</summary>
    private const int MaxAttempts = 5;

    /// <summary>
    /// Files every received message of the account's folder, a group per transaction; a message whose bytes are in
    /// <paramref name="kept"/> is parsed from them, any other from its durable copy in the ledger.
    /// </summary>
    private async Task<MonitorCheckCounts> FileReceivedAsync(Account account, MonitorSettings settings, ReceivedBytes kept, CancellationToken cancellationToken)
    {
        var counts = MonitorCheckCounts.Zero;
        FilingContext? context = null;
        while (true)
        {
            var pending = await messages.ListByStateAsync(account.Id, settings.Folder, MessageState.Received, options.GroupSize, cancellationToken);
            if (pending.Count == 0)
            {
                return counts;
            }

            // A message tried before without being filed may be what killed the process: file it alone, so that it
            // cannot take the rest of a group down with it again.
            var group = pending[0].Attempts > 0 ? [pending[0]] : pending.TakeWhile(m => m.Attempts == 0).ToList();
            context ??= await filer.PrepareAsync(settings, cancellationToken);
            await messages.CountAttemptAsync(group.Select(m => m.Id).ToList(), cancellationToken);
            counts = counts.Add(await FileGroupAsync(account, settings, context, group, kept, cancellationToken));
            faults.Step();
        }
    }

    private async Task<MonitorCheckCounts> FileGroupAsync(Account account, MonitorSettings settings, FilingContext context, IReadOnlyList<ReceivedMessage> group, ReceivedBytes kept,
        CancellationToken cancellationToken)
    {
        int existing = 0, created = 0, skipped = 0, notHandled = 0;
        await using var work = await messages.Database.BeginAsync(cancellationToken);
        foreach (var row in group)
        {
            await Savepoint.SaveAsync(work, cancellationToken);
            FilingResult result;
            if (row.Attempts + 1 > MaxAttempts)
            {
                Log.PoisonMessage(logger, account.Id, row.Id, row.Attempts);
                result = FilingResult.NotHandled($"The monitor stopped {row.Attempts} times while filing this message; it was set aside so the mailbox does not stall. Its raw message is kept.");
            }
            else
            {
                try
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    result = await FileOneAsync(account, settings, context, row, kept, work, cancellationToken);
                    Metrics.MailroomMetrics.FilingDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, Metrics.MailroomMetrics.Account(account.Name));
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not MonitorLeaseLostException)
                {
                    // Whatever the filer wrote for this message is undone; the others in the group stand.
                    await Savepoint.RollbackAsync(work, cancellationToken);
                    Log.NotHandled(logger, ex, account.Id, row.Id);
                    result = FilingResult.NotHandled("Filing failed: " + MonitorErrors.Describe(ex));
                }
            }

            if (result.Outcome == MessageOutcome.NotHandled)
            {
                // Set aside: nothing the filer wrote for it stays (an item's first actions before the one that failed,
                // say); the ledger says why below.
                await Savepoint.RollbackAsync(work, cancellationToken);
            }

            row.Outcome = result.Outcome;
            row.RecordId = result.RecordId;
            row.Reason = DatabaseText.Clean(result.Reason);
            row.Flagged = result.Flagged;
            if (!await MonitorMessageStore.MarkFiledAsync(work, row, time.GetUtcNow(), cancellationToken))
            {
                // Someone else filed it meanwhile (another node after a takeover): undo this node's filing of it.
                await Savepoint.RollbackAsync(work, cancellationToken);
                continue;
            }

            switch (result.Outcome)
            {
                case MessageOutcome.FiledExisting: existing++; break;
                case MessageOutcome.NewRecord: created++; break;
                case MessageOutcome.NotHandled: notHandled++; break;
                default: skipped++; break;
            }
        }

        await lease.EnsureHeldAsync(work, account.Id, cancellationToken);
        await work.CommitAsync(cancellationToken);
        faults.Reach(MonitorFaults.Points.AfterFilingCommit);
        return new MonitorCheckCounts(0, existing, created, skipped, notHandled);
    }

    /// <summary>
    /// Parses one message (from the bytes this check downloaded, else from its durable copy) and hands it to the
    /// filer, unless it was already filed.
    /// </summary>
    private async Task<FilingResult> FileOneAsync(Account account, MonitorSettings settings, FilingContext context, ReceivedMessage row, ReceivedBytes kept,
        Data.UnitOfWork work, CancellationToken cancellationToken)
    {
        await using var raw = kept.Take(row.Id) ?? await messages.OpenRawAsync(row, cancellationToken);
        var tooLarge = raw.Length > options.MaxMessageBytes;
        var parserOptions = Mail.Parsing.IncomingMailReader.SafeParserOptions.Clone();
        parserOptions.MaxMimeDepth = options.MaxMimeDepth;
        var loaded = await Mail.Parsing.MimeLoader.LoadAsync(raw, parserOptions, persistent: true, headersOnly: tooLarge, cancellationToken);
        if (loaded.Message is not { } message)
        {
            return FilingResult.NotHandled($"The message cannot be read as MIME ({loaded.Error}); its raw bytes are kept as they came.");
        }

        row.MessageId = Truncate(message.MessageId, 998);
        row.Sender = Truncate(MessageSender.Of(message), 320);
        row.Subject = Truncate(message.Subject, 998);
        row.ContentDigest = tooLarge ? null : await Mail.Parsing.AuthoredContentDigest.OfAsync(message, cancellationToken);

        if (await MonitorMessageStore.FindFiledCopyAsync(work, row, cancellationToken) is { } copy)
        {
            return new FilingResult(MessageOutcome.Duplicate, null, $"Already filed as received message {copy} (same Message-ID and content; trace headers such as Received and Delivered-To are not compared).");
        }

        return await filer.FileAsync(new FilingRequest(account, settings, row, message, tooLarge, context), work, cancellationToken);
    }

    private static string? Truncate(string? text, int max) => DatabaseText.Clean(text) is not { } clean ? null : clean.Length <= max ? clean : clean[..max];
}
