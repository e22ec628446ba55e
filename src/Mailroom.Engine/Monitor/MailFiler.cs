using Mailroom.Core.Conversations;
using Mailroom.Core.Monitor;
using Mailroom.Core.Sending;
using Mailroom.Core.Validation;
using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Data.Settings;
using Mailroom.Mail.Parsing;
using MimeKit;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Files a message on records, in this order: the built-in checks (a bounce goes on the record of the message it
/// returns and marks that message failed; auto-replies and Mailroom's own returning mail never open a record), the
/// Skip item's rules, then the administrator's items in order and Default last. The first item whose conditions hold
/// runs its actions; the first action that fails undoes the others and sets the message aside as not handled.
/// Everything is read and written in the engine's unit of work (one per group), so a message filed earlier in the
/// same group is seen by the next one, and a message is filed entirely or not at all.
/// </summary>
/// <remarks>
/// <para>
/// The customer is found by the sender's address. When no customer has it and the monitor has a default customer,
/// the default customer stands in: an item's "the sender is a known customer" condition holds, a record the mail
/// opens gets the default customer as its requester (the sender does not become a customer), "attach also to the
/// customer" attaches to the default customer, and a reply found by its subject alone may land on an open record of
/// the default customer that the sender takes part in. The sender's own address is kept all the same: on the Mail
/// History entry (From), in the received-message ledger, and for the per-sender limit on new records.
/// </para>
/// <para>
/// Without a default customer (the default), or for a sender who is a customer, nothing stands in: the condition
/// holds only for a known customer, and a record the mail opens makes its sender a customer (an address no customer
/// can have opens the record without a requester). A message naming no sender address has no customer either way.
/// </para>
/// </remarks>
internal sealed partial class MailFiler(
    MailroomDatabase database,
    SettingsStore settings,
    MonitorStore monitors,
    MonitorMessageStore messages,
    MonitorOptions options,
    SendingOptions sending,
    TimeProvider time,
    ILogger<MailFiler> logger) : IMessageFiler
{
    private readonly ILogger _logger = logger;
    private readonly RecordStore _records = new(database, time);
    private readonly JournalStore _journal = new(database, time);
    private readonly FilingLookups _lookups = new();

    public async Task<FilingContext> PrepareAsync(MonitorSettings monitor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        var prefix = (await settings.GetAsync(cancellationToken)).ConversationPrefix;
        var valid = ConversationId.IsValidPrefix(prefix) ? prefix : null;
        try
        {
            return new FilingContext(valid, await LoadItemsAsync(monitor, cancellationToken), null);
        }
        catch (ValidationException ex)
        {
            return new FilingContext(valid, null, string.Join("; ", ex.Problems.Select(p => $"{p.Field}: {p.Message}")));
        }
    }

    public async Task<FilingResult> FileAsync(FilingRequest request, UnitOfWork work, CancellationToken cancellationToken)
    {
        var facts = request.Facts;
        var sender = MessageSender.Of(request.Message);
        var filing = new Filing(request, facts, work, request.Context.Prefix, sender,
            await StandInAsync(request.Monitor, sender, work, cancellationToken));

        var classifier = new MailClassifier(new MailClassifierOptions { InstallationPrefix = filing.Prefix, MessageIdDomain = sending.MessageIdDomain });
        var classification = classifier.Classify(facts);
        switch (classification.Kind)
        {
            case MailKind.Bounce:
                return await FileBounceAsync(filing, classification, cancellationToken);
            case MailKind.AutoReply or MailKind.Loop:
                return await FileAutomaticAsync(filing, classification, cancellationToken);
        }

        if (request.Context.Items is not { } items)
        {
            return FilingResult.NotHandled("The monitor's items cannot be read (" + request.Context.ItemsProblem
                + "); fix them with `mailroom monitor items edit` and retry this message.");
        }

        // Each item may find the record its own way: find once per distinct set of steps, before choosing.
        var found = new Dictionary<RecordFinding, FoundRecord>();
        foreach (var finding in items.Custom.Select(i => i.Finding).Append(items.Default.Finding).Distinct())
        {
            found[finding] = await FindRecordAsync(filing, finding, cancellationToken);
        }

        var selection = new ItemSelector(items).Select(facts, finding => found[finding].Context);
        if (selection.SkippedBy is { } rule)
        {
            var where = rule.Position switch { SkipPosition.BeginsWith => "at the start of", SkipPosition.EndsWith => "at the end of", _ => "in" };
            return FilingResult.Skipped($"Skip rule: \"{rule.Phrase}\" {where} the {Words(rule.Field)}.");
        }

        return await RunItemAsync(filing, selection.Item, found[selection.Item.Finding], cancellationToken);
    }

    /// <summary>
    /// A delivery report: when it names a message Mailroom sent (its Message-ID, else the Conversation ID it returns),
    /// that message is marked failed and the report goes on its record; otherwise it is skipped, never a new record.
    /// </summary>
    private async Task<FilingResult> FileBounceAsync(Filing filing, MailClassification classification, CancellationToken cancellationToken)
    {
        var facts = filing.Facts;
        var candidates = new[] { classification.BouncedMessageId, facts.ReturnedMessageId, facts.InReplyTo }
            .Concat(facts.References.Reverse())
            .Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.OrdinalIgnoreCase).Take(20);
        long? sentEntry = null;
        long? recordId = null;
        foreach (var id in candidates)
        {
            if (await _journal.FindByMessageIdsAsync(filing.Work, [id!], cancellationToken) is { Direction: Core.Records.MailDirection.Outgoing } owner)
            {
                (sentEntry, recordId) = (owner.EntryId, owner.RecordId);
                break;
            }
        }

        if (sentEntry is null && filing.Prefix is not null)
        {
            // Each sent message has its own Conversation ID, so the one a report quotes names the message too.
            foreach (var id in ConversationIds(filing))
            {
                if (await _journal.FindByConversationIdAsync(filing.Work, id, cancellationToken) is { } owner)
                {
                    (sentEntry, recordId) = (owner.EntryId, owner.RecordId);
                    break;
                }
            }
        }

        if (sentEntry is not { } entryId)
        {
            return FilingResult.Skipped($"A bounce ({classification.Reason}) of no message Mailroom sent; it opens no record.");
        }

        var detail = BounceDetail(filing.Request.Message, facts, classification);
        await JournalStore.MarkDeliveryFailedAsync(filing.Work, entryId, detail, cancellationToken);
        if (recordId is not { } record)
        {
            return FilingResult.Skipped($"A bounce of a message Mailroom sent (entry {entryId}, on no record); its delivery is marked failed.");
        }

        var note = $"Bounce of a message sent from this record; its delivery is marked failed ({detail}).";
        await AttachAsync(filing, record, null, new ImportAttachmentsAction(), false, note, cancellationToken);
        return FilingResult.Existing(record, note);
    }

    /// <summary>An auto-reply or Mailroom's own mail: goes on the record it answers when one is found, never opens one.</summary>
    private async Task<FilingResult> FileAutomaticAsync(Filing filing, MailClassification classification, CancellationToken cancellationToken)
    {
        var what = classification.Kind == MailKind.Loop ? "Mailroom's own mail coming back" : "An automatic reply";
        if (classification.Kind == MailKind.Loop && filing.Facts.MessageId is { } own
            && await _journal.FindByMessageIdsAsync(filing.Work, [own], cancellationToken) is not null)
        {
            return FilingResult.Skipped($"{what} ({classification.Reason}): this very message is already on a record.");
        }

        var found = await FindRecordAsync(filing, RecordFinding.Default, cancellationToken);
        if (found.Record is not { } record)
        {
            return FilingResult.Skipped($"{what} ({classification.Reason}); it opens no record.");
        }

        var note = $"{what} ({classification.Reason}).";
        await AttachAsync(filing, record.Id, null, new ImportAttachmentsAction(), false, note, cancellationToken);
        return FilingResult.Existing(record.Id, note);
    }

    private async Task<MonitorItems> LoadItemsAsync(MonitorSettings monitor, CancellationToken cancellationToken)
    {
        var skipRules = (await monitors.ListSkipRulesAsync(monitor.Id, cancellationToken)).Select(r => MonitorItemDefinition.ParseSkipRule(r.Definition)).ToList();
        var custom = (await monitors.ListItemsAsync(monitor.Id, cancellationToken)).Select(r => MonitorItemDefinition.Parse(r.Name, r.Definition)).ToList();
        return MonitorItems.Create(skipRules, custom, MonitorItemDefinition.Parse("Default", monitor.DefaultItem, MonitorItemKind.Default));
    }

    /// <summary>The report's words for the failure: the Diagnostic-Code (else Status) of a failed recipient, or the reason it was taken for a bounce.</summary>
    private static string BounceDetail(MimeMessage message, IncomingMailFacts facts, MailClassification classification)
    {
        var fields = message.BodyParts.OfType<MessageDeliveryStatus>().SelectMany(s => s.StatusGroups)
            .Select(g => g["Diagnostic-Code"] ?? (g["Status"] is { } status ? "Status: " + status : null))
            .Concat(facts.Body.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Diagnostic-Code:", StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(f => !string.IsNullOrWhiteSpace(f));
        var detail = fields?.Trim() ?? $"bounce received: {classification.Reason}";
        return detail.Length > 300 ? detail[..300] : detail;
    }

    private static string Words<T>(T value)
        where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>
    /// The monitor's default customer when it stands in for this message's sender: the message names a sender address,
    /// no customer has that address, and the monitor has a default customer. Otherwise null, and the sender is on
    /// their own (a known customer is never replaced by the default).
    /// </summary>
    private async Task<Core.Records.Customer?> StandInAsync(MonitorSettings monitor, string? sender, UnitOfWork work,
        CancellationToken cancellationToken)
    {
        if (monitor.DefaultCustomerId is not { } defaultId || sender is null
            || await _lookups.FindCustomerAsync(work, sender, cancellationToken) is not null)
        {
            return null;
        }

        return await _lookups.GetCustomerAsync(work, defaultId, cancellationToken);
    }

    /// <summary>One message being filed: what was read of it, and the unit of work it is filed in.</summary>
    /// <param name="Sender">The sender's address (<see cref="MessageSender"/>), or null when the message names none.</param>
    /// <param name="StandIn">The monitor's default customer standing in for a sender who is not a customer, or null.</param>
    private sealed record Filing(FilingRequest Request, IncomingMailFacts Facts, UnitOfWork Work, string? Prefix, string? Sender,
        Core.Records.Customer? StandIn);
}
