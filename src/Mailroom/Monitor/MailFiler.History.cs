using Mailroom.Core.Monitor;
using Mailroom.Core.Records;
using MimeKit;

namespace Mailroom.Monitor;

/// <summary>Writing the mail as a Mail History entry: its text, the files the item imports, and the raw message.</summary>
internal sealed partial class MailFiler
{
    /// <summary>
    /// Adds the mail to the record (and to the customer's journal when <paramref name="customerId"/> is given). The
    /// raw message is streamed from its durable copy into the entry, whatever its size; attachments are imported
    /// only when <paramref name="import"/> is given, and only those it allows. A message above the size limit is
    /// kept raw with a note and not read further.
    /// </summary>
    private async Task<long> AttachAsync(Filing filing, long recordId, long? customerId, ImportAttachmentsAction? import, bool flagged,
        string? note, CancellationToken cancellationToken)
    {
        var request = filing.Request;
        var message = request.Message;
        var facts = filing.Facts;
        var attachments = new List<NewAttachment>();
        if (!request.TooLarge && import is not null)
        {
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

                var name = string.IsNullOrWhiteSpace(part.FileName) ? "attachment" : part.FileName.Trim();
                var isInline = inline && !part.IsAttachment;
                if (import.Allows(new IncomingAttachment(name, part.ContentType.MimeType, content.Length, part.ContentId, isInline)))
                {
                    attachments.Add(new NewAttachment(name, part.ContentType.MimeType, part.ContentId, isInline, content.ToArray()));
                }
            }
        }

        var text = request.TooLarge ? null : facts.TextBody ?? facts.HtmlAsText;
        var entry = new NewMailEntry(
            recordId,
            customerId,
            new MailHistory
            {
                Direction = MailDirection.Incoming,
                From = message.From.ToString(),
                To = message.To.ToString(),
                Cc = message.Cc.ToString(),
                Subject = facts.Subject,
                Date = facts.Date ?? time.GetUtcNow(),
                MessageId = facts.MessageId,
                InReplyTo = facts.InReplyTo,
                References = facts.References,
                TextBody = request.TooLarge ? null : facts.TextBody,
                HtmlBody = request.TooLarge ? null : facts.HtmlBody,
            },
            attachments,
            ReadOnlyMemory<byte>.Empty,
            text is null ? note : ReplyTextExtractor.Extract(text).NewText,
            flagged,
            flagged ? note : null);

        await using var raw = await messages.OpenRawAsync(request.Received, cancellationToken);
        return await _journal.AddMailAsync(filing.Connection, filing.Transaction, entry, raw, cancellationToken);
    }
}
