using Mailroom.Core.Monitor;
using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Running the chosen item's actions in order; the first failure sets the mail aside (the engine undoes the rest). Mail for a closed record opens a
/// new record following it up, and mail filed on a resolved record reopens it (each an item setting, on by default).
/// </summary>
internal sealed partial class MailFiler
{
    /// <summary>The author of the journal entries the monitor writes itself (a reopening, a follow-up).</summary>
    private const string MonitorAuthor = "monitor";

    private async Task<FilingResult> RunItemAsync(Filing filing, MonitorItem item, FoundRecord found, CancellationToken cancellationToken)
    {
        var recordId = found.Record?.Id;
        string? note = filing.Request.TooLarge
            ? $"This message ({filing.Request.Received.Size} bytes) is larger than the {options.MaxMessageBytes} bytes the monitor reads; it is kept whole, unread (received message {filing.Request.Received.Id})."
            : null;
        var flagged = false;
        if (found.Stranger)
        {
            var doubt = $"Filed by {found.How} on record {found.Record!.Number}, but {filing.Sender} takes no part in it: check it belongs here.";
            if (!options.FileStrangersFlagged)
            {
                return FilingResult.NotHandled(doubt);
            }

            flagged = true;
            note = note is null ? doubt : note + " " + doubt;
        }

        // A NotHandled result below is undone by the engine (IMessageFiler), so the actions need no savepoint here.
        var created = false;
        var attached = false;
        if (found.Record is { Status: RecordStatus.Closed } closed && item.FollowUpClosed)
        {
            // The mail opens a new record (with the item's record type and fields, else an Incident) and the item's
            // actions work on that one: the closed record's history stays as it was when it was closed.
            var create = item.Actions.OfType<CreateRecordAction>().FirstOrDefault() ?? new CreateRecordAction();
            (recordId, var problem) = await CreateAsync(filing, create, cancellationToken, closed.Id);
            if (recordId is not { } followUp)
            {
                return FilingResult.NotHandled($"Item '{item.Name}': record {closed.Number} is closed and no record could be opened to follow it up: {problem}.");
            }

            created = true;
            var number = (await _records.GetInTransactionAsync(filing.Work, followUp, cancellationToken))!.Number;
            await _records.AddChangeAsync(filing.Work, followUp,
                $"Follows up #{closed.Number}: this mail answers it, but it was closed (item '{item.Name}').", MonitorAuthor, cancellationToken);
            await _records.AddChangeAsync(filing.Work, closed.Id,
                $"Mail for this closed record opened #{number}, which follows it up.", MonitorAuthor, cancellationToken);
        }

        var import = item.Actions.OfType<ImportAttachmentsAction>().FirstOrDefault();
        for (var i = 0; i < item.Actions.Count; i++)
        {
            string? failure = null;
            switch (item.Actions[i])
            {
                case CreateRecordAction create when recordId is null:
                    (recordId, failure) = await CreateAsync(filing, create, cancellationToken);
                    created = recordId is not null;
                    break;
                case CreateRecordAction:
                    break; // An existing record was found: the mail goes on it instead.
                case AttachAsHistoryAction when recordId is null:
                    failure = "there is no record to attach the mail to: none was found and no earlier action created one";
                    break;
                case AttachAsHistoryAction attach:
                    var customer = attach.AlsoToCustomer ? await CustomerIdAsync(filing, cancellationToken) : null;
                    await AttachAsync(filing, recordId.Value, customer, import, flagged, note, cancellationToken);
                    attached = true;
                    break;
                case ImportAttachmentsAction:
                    break; // Applied by the attach action: it chooses which files go on the history entry.
                case UpdateRecordAction when recordId is null:
                    failure = "there is no record to update: none was found";
                    break;
                case UpdateRecordAction update:
                    failure = await UpdateAsync(filing, recordId.Value, update, cancellationToken);
                    break;
                default:
                    failure = $"the action {item.Actions[i].GetType().Name} is not known to this version";
                    break;
            }

            if (failure is not null)
            {
                return FilingResult.NotHandled($"Item '{item.Name}', action {i + 1}: {failure}.");
            }
        }

        if (attached && !created && item.ReopenResolved && found.Record is { Status: RecordStatus.Resolved }
            && await _records.GetInTransactionAsync(filing.Work, found.Record.Id, cancellationToken) is { Status: RecordStatus.Resolved } resolved)
        {
            // Still resolved after the item's actions (none set a status): someone answered, so the record is open again.
            var reopened = resolved.Assignee is null ? RecordStatus.New : RecordStatus.InProgress;
            await _records.ChangeStatusAsync(filing.Work, resolved.Id, reopened, MonitorAuthor,
                $"reopened because mail from {filing.Sender ?? "an unknown sender"} came in after it was resolved (item '{item.Name}').", cancellationToken);
        }

        if (recordId is not { } record)
        {
            return FilingResult.NotHandled($"Item '{item.Name}' ran, but no record was found or created for the mail.");
        }

        if (!attached && !created)
        {
            note ??= $"Item '{item.Name}' changed the record without attaching the mail.";
        }

        return created ? FilingResult.NewRecord(record, note) : FilingResult.Existing(record, note, flagged);
    }

    /// <summary>Opens a record for the sender, within the per-sender hourly limit; returns the id or why not.</summary>
    private async Task<(long? Id, string? Problem)> CreateAsync(Filing filing, CreateRecordAction create, CancellationToken cancellationToken, long? followsUp = null)
    {
        if (filing.Sender is not { } sender || !sender.Contains('@', StringComparison.Ordinal))
        {
            return (null, "the message has no sender address to open a record for");
        }

        var hourAgo = time.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds();
        if (await MonitorMessageStore.CountNewRecordsFromAsync(filing.Work, sender.ToLowerInvariant(), hourAgo, cancellationToken) >= options.NewRecordsPerSenderPerHour)
        {
            return (null, $"{sender} already opened {options.NewRecordsPerSenderPerHour} records in the last hour (a mail storm?); set aside");
        }

        var facts = filing.Facts;
        // One line without control characters (a record's subject is shown everywhere); "(no subject)" when nothing is left.
        var title = string.Join(' ', new string((facts.Subject ?? string.Empty).Select(c => char.IsControl(c) ? ' ' : c).ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (title.Length == 0)
        {
            title = "(no subject)";
        }

        // The default customer standing in for a stranger is the requester, and the stranger does not become a
        // customer. Otherwise the sender is (and becomes a customer if new); an address no customer can have
        // ("first last@example.com") opens the record without a requester rather than the mail set aside. Either way
        // the sender stays visible on the mail itself.
        var requester = filing.StandIn?.Address ?? (Core.Sending.EmailAddressSyntax.IsValid(sender) ? sender : null);
        var fields = create.Fields ?? new Dictionary<string, string>();
        var record = await _records.CreateAsync(filing.Work, new NewRecord(
            title.Length > RecordStore.MaxSubjectLength ? title[..RecordStore.MaxSubjectLength] : title,
            requester,
            filing.StandIn is null && facts.From?.DisplayName is { Length: > 0 } name ? DatabaseText.Clean(name) : null,
            filing.Request.TooLarge ? "(The message was too large to read; its raw copy is kept.)" : DatabaseText.Clean(ReplyTextExtractor.Extract(facts.Body).NewText),
            fields.TryGetValue("priority", out var p) && MonitorItemDefinition.ParseEnum<RecordPriority>(p) is { } priority ? priority : RecordPriority.Medium,
            fields.TryGetValue("status", out var s) && MonitorItemDefinition.ParseEnum<RecordStatus>(s) is { } status ? status : RecordStatus.New,
            string.IsNullOrWhiteSpace(create.RecordType) ? RecordTypes.Incident : create.RecordType.Trim().ToLowerInvariant(),
            followsUp), cancellationToken);
        return (record.Id, null);
    }

    private async Task<string?> UpdateAsync(Filing filing, long recordId, UpdateRecordAction update, CancellationToken cancellationToken)
    {
        var fields = update.Fields ?? new Dictionary<string, string>();
        var status = MonitorItemDefinition.ParseEnum<RecordStatus>(update.Status)
            ?? (fields.TryGetValue("status", out var s) ? MonitorItemDefinition.ParseEnum<RecordStatus>(s) : null);
        var priority = fields.TryGetValue("priority", out var p) ? MonitorItemDefinition.ParseEnum<RecordPriority>(p) : null;
        var updated = await _records.UpdateAsync(filing.Work, recordId, new RecordChanges(Status: status, Priority: priority), cancellationToken);
        return updated is null ? $"record {recordId} no longer exists" : null;
    }

    /// <summary>The sender's customer (perhaps just created by this item), else the default customer standing in, else null.</summary>
    private async Task<long?> CustomerIdAsync(Filing filing, CancellationToken cancellationToken) =>
        (filing.Sender is { } sender ? await _lookups.FindCustomerAsync(filing.Work, sender, cancellationToken) : null)
        ?? filing.StandIn?.Id;
}
