using Mailroom.Core.Accounts;
using Mailroom.Core.Conversations;
using Mailroom.Core.Records;
using Mailroom.Core.Sending;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Outbox;
using Mailroom.Data.Records;
using Mailroom.Data.Settings;
using Mailroom.Engine.Outbox;
using Mailroom.Mail.Composing;

namespace Mailroom.Engine.Sending;

/// <summary>
/// Sends mail from a record: checks the request (record, account, From, recipients, header text, sizes), builds
/// the message with the next Conversation ID and writes it to the outbox together with its Mail History entry, in
/// one transaction. The outbox worker sends it. The command, the pages and the monitor all queue mail through here.
/// </summary>
internal sealed class RecordMailer(
    RecordStore records,
    JournalStore journal,
    AccountStore accounts,
    SettingsStore settings,
    OutboxStore outbox,
    SendingOptions sendingOptions,
    OutboxOptions outboxOptions,
    TimeProvider time)
{
    /// <summary>Queues the message; nothing is written when anything is wrong.</summary>
    /// <exception cref="NotFoundException">No such record, account or answered entry.</exception>
    /// <exception cref="ValidationException">Every problem with the request, each naming its field.</exception>
    public async Task<OutboxQueued> QueueAsync(OutgoingMailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var record = await records.GetAsync(request.RecordId, cancellationToken)
            ?? throw new NotFoundException("record", request.RecordId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var account = await FindAccountAsync(request, cancellationToken)
            ?? throw new NotFoundException("account", request.Account);
        var from = OutgoingMailPolicy.Check(request, account, sendingOptions);

        string? inReplyTo = null;
        IReadOnlyList<string> parentReferences = [];
        if (request.InReplyToEntryId is { } parentId)
        {
            var parent = await journal.GetAsync(parentId, cancellationToken);
            if (parent?.Mail is null || parent.RecordId != record.Id)
            {
                throw new NotFoundException("mail entry on this record", parentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            inReplyTo = parent.Mail.MessageId;
            parentReferences = parent.Mail.References;
        }

        // The answered mail's Outlook conversation, else the record's: all of a record's mail stays in one conversation.
        var parentThreadIndex = await journal.FindThreadIndexAsync(record.Id, request.InReplyToEntryId, cancellationToken);
        var prefix = (await settings.GetAsync(cancellationToken)).ConversationPrefix;
        var attachments = request.Attachments.Select(a => new ComposeAttachment(a.FileName, a.ContentType, a.Content)).ToList();
        var recipients = string.Join(", ", request.To.Concat(request.Cc).Concat(request.Bcc).Select(a => a.Trim()));
        var placement = account.ConversationId;

        return await outbox.EnqueueAsync(placement != ConversationIdPlacement.Off, outboxOptions.RetryPeriod, number =>
        {
            var composed = MailComposer.Compose(new ComposeInput
            {
                From = from,
                To = request.To.Select(a => a.Trim()).ToList(),
                Cc = request.Cc.Select(a => a.Trim()).ToList(),
                Bcc = request.Bcc.Select(a => a.Trim()).ToList(),
                Subject = request.Subject,
                TextBody = request.TextBody,
                HtmlBody = request.HtmlBody,
                Attachments = attachments,
                ConversationId = number is { } n ? new ConversationId(prefix, n).Format() : null,
                Placement = placement,
                MessageIdDomain = sendingOptions.MessageIdDomain,
                LoopMarker = prefix,
                InReplyTo = inReplyTo,
                ParentReferences = parentReferences,
                ParentThreadIndex = parentThreadIndex,
                IsAutomatic = request.IsAutomatic,
                IsSystem = request.IsSystem,
                Date = time.GetUtcNow(),
            });
            var entry = new NewMailEntry(
                record.Id,
                account.History.AttachToCustomer ? record.Requester?.Id : null,
                composed.History,
                composed.Attachments,
                composed.Raw);
            return new OutboxEnqueue(entry, account.Id, request.SenderUser, recipients);
        }, cancellationToken);
    }

    /// <summary>
    /// The global account of that name or, for <see cref="OutgoingMailRequest.OwnAccount"/>, the sender's own
    /// personal account of that name: looked up among the sender's accounts only, so no request can reach another
    /// user's. The outbox then signs in with the stored account's credentials (or the sender's personal version's).
    /// </summary>
    private async Task<Account?> FindAccountAsync(OutgoingMailRequest request, CancellationToken cancellationToken)
    {
        if (!request.OwnAccount)
        {
            return await accounts.FindAsync(request.Account, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(request.SenderUser))
        {
            return null;
        }

        var key = AccountValidator.NameKey(request.Account);
        return (await accounts.ListPersonalAccountsAsync(request.SenderUser, cancellationToken))
            .FirstOrDefault(a => AccountValidator.NameKey(a.Name) == key);
    }
}
