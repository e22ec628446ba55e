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
        var counts = MonitorCheckCounts.Zero;
        await using var work = await messages.Database.BeginAsync(cancellationToken);

        // Read ahead by one: the next message is parsed on the thread pool while this one's statements run, so the
        // parse (MimeKit, the reader, the content digest) takes the other core instead of waiting its turn. A message
        // that stopped the process too often is never parsed again.
        var next = ParseAhead(group[0], kept, cancellationToken);
        Task<ParsedMessage>? parsing = null;
        try
        {
            for (var i = 0; i < group.Count; i++)
            {
                var row = group[i];
                parsing = next;
                next = i + 1 < group.Count ? ParseAhead(group[i + 1], kept, cancellationToken) : null;
                await Savepoint.SaveAsync(work, cancellationToken);
                FilingResult result;
                if (parsing is null)
                {
                    Log.PoisonMessage(logger, account.Id, row.Id, row.Attempts);
                    result = FilingResult.NotHandled($"The monitor stopped {row.Attempts} times while filing this message; it was set aside so the mailbox does not stall. Its raw message is kept.");
                }
                else
                {
                    try
                    {
                        var started = System.Diagnostics.Stopwatch.GetTimestamp();
                        var read = parsing;
                        parsing = null; // disposed here from now on, whatever happens
                        await using var parsed = await read;
                        result = await FileOneAsync(account, settings, context, row, parsed, work, cancellationToken);
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

                counts = await RecordAsync(work, row, result, counts, cancellationToken);
            }
        }
        finally
        {
            // Stopped early (cancelled, the lease lost, the database gone): what was read ahead is let go unfiled.
            await LetGoAsync(parsing);
            await LetGoAsync(next);
        }

        await lease.EnsureHeldAsync(work, account.Id, cancellationToken);
        await work.CommitAsync(cancellationToken);
        faults.Reach(MonitorFaults.Points.AfterFilingCommit);
        return counts;
    }

    /// <summary>
    /// Records how <paramref name="row"/> was filed in the ledger, inside the group's work, and counts it; a message
    /// set aside keeps nothing the filer wrote for it.
    /// </summary>
    private async Task<MonitorCheckCounts> RecordAsync(Data.UnitOfWork work, ReceivedMessage row, FilingResult result, MonitorCheckCounts counts, CancellationToken cancellationToken)
    {
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
            return counts;
        }

        return counts.Add(result.Outcome switch
        {
            MessageOutcome.FiledExisting => new MonitorCheckCounts(0, 1, 0, 0, 0),
            MessageOutcome.NewRecord => new MonitorCheckCounts(0, 0, 1, 0, 0),
            MessageOutcome.NotHandled => new MonitorCheckCounts(0, 0, 0, 0, 1),
            _ => new MonitorCheckCounts(0, 0, 0, 1, 0),
        });
    }

    private static async Task LetGoAsync(Task<ParsedMessage>? reading)
    {
        if (reading is null)
        {
            return;
        }

        await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (reading.IsCompletedSuccessfully)
        {
            await reading.Result.DisposeAsync();
        }
    }

    /// <summary>Starts reading <paramref name="row"/> on the thread pool; null for a message set aside unread (see <see cref="MaxAttempts"/>).</summary>
    private Task<ParsedMessage>? ParseAhead(ReceivedMessage row, ReceivedBytes kept, CancellationToken cancellationToken) =>
        row.Attempts + 1 > MaxAttempts ? null : Task.Run(() => ParseAsync(row, kept, cancellationToken), cancellationToken);

    /// <summary>
    /// Reads one message from the bytes this check downloaded, else from its durable copy, and notes on its ledger row
    /// what identifies it (Message-ID, sender, subject, the digest of what its author wrote). Touches only this row.
    /// </summary>
    private async Task<ParsedMessage> ParseAsync(ReceivedMessage row, ReceivedBytes kept, CancellationToken cancellationToken)
    {
        var raw = kept.Take(row.Id) ?? await messages.OpenRawAsync(row, cancellationToken);
        try
        {
            var tooLarge = raw.Length > options.MaxMessageBytes;
            var parserOptions = Mail.Parsing.IncomingMailReader.SafeParserOptions.Clone();
            parserOptions.MaxMimeDepth = options.MaxMimeDepth;
            var loaded = await Mail.Parsing.MimeLoader.LoadAsync(raw, parserOptions, persistent: true, headersOnly: tooLarge, cancellationToken);
            if (loaded.Message is not { } message)
            {
                return new ParsedMessage(raw, null, null, tooLarge, loaded.Error);
            }

            row.MessageId = Truncate(message.MessageId, 998);
            row.Sender = Truncate(MessageSender.Of(message), 320);
            row.Subject = Truncate(message.Subject, 998);
            row.ContentDigest = tooLarge ? null : await Mail.Parsing.AuthoredContentDigest.OfAsync(message, cancellationToken);
            return new ParsedMessage(raw, message, Mail.Parsing.IncomingMailReader.Read(message), tooLarge, null);
        }
        catch
        {
            await raw.DisposeAsync();
            throw;
        }
    }

    /// <summary>Hands a parsed message to the filer, unless it cannot be read or was already filed.</summary>
    private async Task<FilingResult> FileOneAsync(Account account, MonitorSettings settings, FilingContext context, ReceivedMessage row, ParsedMessage parsed,
        Data.UnitOfWork work, CancellationToken cancellationToken)
    {
        if (parsed is not { Message: { } message, Facts: { } facts })
        {
            return FilingResult.NotHandled($"The message cannot be read as MIME ({parsed.Error}); its raw bytes are kept as they came.");
        }

        if (await MonitorMessageStore.FindFiledCopyAsync(work, row, cancellationToken) is { } copy)
        {
            return new FilingResult(MessageOutcome.Duplicate, null, $"Already filed as received message {copy} (same Message-ID and content; trace headers such as Received and Delivered-To are not compared).");
        }

        return await filer.FileAsync(new FilingRequest(account, settings, row, message, facts, parsed.TooLarge, context), work, cancellationToken);
    }

    private static string? Truncate(string? text, int max) => DatabaseText.Clean(text) is not { } clean ? null : clean.Length <= max ? clean : clean[..max];
}
