using System.Data.Common;
using Mailroom.Core.Conversations;
using Mailroom.Core.Monitor;
using Mailroom.Core.Records;
using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Data.Settings;
using MimeKit;

namespace Mailroom.Monitor;

/// <summary>
/// Files a message on records: finds the record it belongs to (Conversation ID, then reply headers), else opens a
/// new Incident (Default item) with the reply's new text as description; keeps the mail as Mail History with its
/// attachments and inline images. Everything is written in the engine's transaction.
/// </summary>
/// <remarks>
/// Still to wire as their pieces land: the built-in bounce / auto-reply / loop checks (monitorcore's MailClassifier),
/// the administrator's items and skip rules (monitorcore's ItemSelector and SkipRule), subject and record-number
/// matching (SubjectNormalizer, RecordNumberFinder).
/// </remarks>
internal sealed class MailFiler(MailroomDatabase database, SettingsStore settings, MonitorMessageStore messages, MonitorOptions options, TimeProvider time) : IMessageFiler
{
    private readonly RecordStore _records = new(database, time);
    private readonly JournalStore _journal = new(database, time);

    public async Task<FilingResult> FileAsync(FilingRequest request, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var message = request.Message;
        var from = message.From.Mailboxes.FirstOrDefault();
        var sender = from?.Address?.Trim();
        var subject = message.Subject ?? string.Empty;
        var body = request.TooLarge ? string.Empty : message.TextBody ?? message.HtmlBody ?? string.Empty;
        var note = request.TooLarge
            ? $"This message ({request.Received.Size} bytes) is larger than the {options.MaxMessageBytes} bytes the monitor reads; it is kept whole, unread (received message {request.Received.Id})."
            : null;

        var (recordId, foundBy) = await FindRecordAsync(message, subject, body, cancellationToken);
        if (recordId is { } existing)
        {
            var flagged = false;
            string? reason = note;
            if (foundBy == "Conversation ID" && sender is not null && !await TakesPartAsync(existing, sender, cancellationToken))
            {
                if (!options.FileStrangersFlagged)
                {
                    return FilingResult.NotHandled($"The {foundBy} points at record {existing}, but {sender} takes no part in it.");
                }

                flagged = true;
                reason = $"Filed by {foundBy}, but {sender} takes no part in this record: check it belongs here.";
            }

            await _journal.AddMailAsync(connection, transaction, await EntryAsync(request, existing, flagged, reason, cancellationToken), cancellationToken);
            return FilingResult.Existing(existing, reason, flagged);
        }

        if (string.IsNullOrWhiteSpace(sender))
        {
            return FilingResult.NotHandled("The message has no sender address to open a record for.");
        }

        var hourAgo = time.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds();
        if (await MonitorMessageStore.CountNewRecordsFromAsync(connection, transaction, sender.ToLowerInvariant(), hourAgo, cancellationToken) >= options.NewRecordsPerSenderPerHour)
        {
            return FilingResult.NotHandled($"{sender} already opened {options.NewRecordsPerSenderPerHour} records in the last hour (a mail storm?); set aside.");
        }

        var title = string.IsNullOrWhiteSpace(subject) ? "(no subject)" : subject.Trim();
        var record = await _records.CreateAsync(connection, transaction, new NewRecord(
            title.Length > RecordStore.MaxSubjectLength ? title[..RecordStore.MaxSubjectLength] : title,
            sender,
            from?.Name,
            request.TooLarge ? note : ReplyTextExtractor.Extract(body).NewText), cancellationToken);
        await _journal.AddMailAsync(connection, transaction, await EntryAsync(request, record.Id, false, note, cancellationToken), cancellationToken);
        return FilingResult.NewRecord(record.Id, note);
    }

    private async Task<(long? RecordId, string? FoundBy)> FindRecordAsync(MimeMessage message, string subject, string body, CancellationToken cancellationToken)
    {
        var prefix = (await settings.GetAsync(cancellationToken)).ConversationPrefix;
        if (ConversationId.IsValidPrefix(prefix))
        {
            var finder = new ConversationIdFinder(prefix);
            var newestFirst = finder.FindAll(subject).Concat(finder.FindAll(body)).OrderByDescending(id => id.Number);
            foreach (var id in newestFirst)
            {
                if (await _journal.FindByConversationIdAsync(id.Format(), cancellationToken) is { RecordId: { } byToken })
                {
                    return (byToken, "Conversation ID");
                }
            }
        }

        var replyTo = new List<string>();
        if (message.InReplyTo is { } inReplyTo)
        {
            replyTo.Add(inReplyTo);
        }

        replyTo.AddRange(message.References);
        if (replyTo.Count > 0 && await _journal.FindByMessageIdsAsync(replyTo, cancellationToken) is { RecordId: { } byHeaders })
        {
            return (byHeaders, "reply headers");
        }

        return (null, null);
    }

    /// <summary>The requester, or anyone who sent or received mail on the record, takes part in it.</summary>
    private async Task<bool> TakesPartAsync(long recordId, string address, CancellationToken cancellationToken)
    {
        var record = await _records.GetAsync(recordId, cancellationToken);
        if (string.Equals(record?.Requester?.Address, address, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var entry in await _journal.ListForRecordAsync(recordId, cancellationToken))
        {
            if (entry.Mail is { } mail && new[] { mail.From, mail.To, mail.Cc }.Any(a => a?.Contains(address, StringComparison.OrdinalIgnoreCase) == true))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<NewMailEntry> EntryAsync(FilingRequest request, long recordId, bool flagged, string? reason, CancellationToken cancellationToken)
    {
        var message = request.Message;
        byte[] raw = [];
        var attachments = new List<NewAttachment>();
        if (!request.TooLarge)
        {
            await using (var stream = await messages.OpenRawAsync(request.Received, cancellationToken))
            {
                raw = new byte[stream.Length];
                await stream.ReadExactlyAsync(raw, cancellationToken);
            }

            foreach (var part in message.BodyParts.OfType<MimePart>())
            {
                var inline = part.ContentId is not null && part.ContentType.MediaType.Equals("image", StringComparison.OrdinalIgnoreCase);
                if (!part.IsAttachment && !inline)
                {
                    continue;
                }

                using var content = new MemoryStream();
                if (part.Content is { } partContent)
                {
                    await partContent.DecodeToAsync(content, cancellationToken);
                }

                attachments.Add(new NewAttachment(part.FileName ?? "attachment", part.ContentType.MimeType, part.ContentId, inline && !part.IsAttachment, content.ToArray()));
            }
        }

        var text = request.TooLarge ? null : message.TextBody;
        return new NewMailEntry(
            recordId,
            null,
            new MailHistory
            {
                Direction = MailDirection.Incoming,
                From = message.From.ToString(),
                To = message.To.ToString(),
                Cc = message.Cc.ToString(),
                Subject = message.Subject,
                Date = message.Headers.Contains(HeaderId.Date) ? message.Date : time.GetUtcNow(),
                MessageId = message.MessageId,
                InReplyTo = message.InReplyTo,
                References = [.. message.References],
                TextBody = text,
                HtmlBody = request.TooLarge ? null : message.HtmlBody,
                RawSize = request.Received.Size ?? raw.Length,
            },
            attachments,
            raw,
            text is null ? reason : ReplyTextExtractor.Extract(text).NewText,
            flagged,
            flagged ? reason : null);
    }
}
