using Mailroom.Core.Monitor;
using Mailroom.Core.Records;
using MimeKit;

namespace Mailroom.Engine.Monitor;

/// <summary>Writing the mail as a Mail History entry: its text, the files the item imports, and the raw message.</summary>
internal sealed partial class MailFiler
{
    /// <summary>
    /// Adds the mail to the record (and to the customer's journal when <paramref name="customerId"/> is given). The
    /// entry's raw message is the ledger's copy, not written again, whatever its size; attachments are imported
    /// only when <paramref name="import"/> is given, and only those it allows, each decoded as it streams (large ones
    /// through a scratch file, never whole in memory). A message above the size limit is kept raw with a note and not
    /// read further.
    /// </summary>
    private async Task<long> AttachAsync(Filing filing, long recordId, long? customerId, ImportAttachmentsAction? import, bool flagged,
        string? note, CancellationToken cancellationToken)
    {
        var request = filing.Request;
        var message = request.Message;
        var facts = filing.Facts;
        var attachments = new List<NewAttachment>();
        await using var decoder = new AttachmentDecoder(messages.Spool);
        if (!request.TooLarge && import is not null)
        {
            foreach (var part in message.BodyParts.OfType<MimePart>())
            {
                var inline = part.ContentId is not null && part.ContentType.MediaType.Equals("image", StringComparison.OrdinalIgnoreCase);
                if (!part.IsAttachment && !inline)
                {
                    continue;
                }

                var name = DatabaseText.Clean(string.IsNullOrWhiteSpace(part.FileName) ? "attachment" : part.FileName.Trim(), "attachment");
                var isInline = inline && !part.IsAttachment;
                if (!import.AllowsFile(name, isInline))
                {
                    continue; // A blocked type or an unwanted inline image is never decoded.
                }

                // Decoded as it streams from the message on disk, and dropped the moment it passes the size limit.
                if (await decoder.DecodeAsync(part, name, DatabaseText.Clean(part.ContentId), isInline, import.MaxBytes, cancellationToken) is { } decoded
                    && import.Allows(new IncomingAttachment(name, decoded.ContentType, decoded.Size, decoded.ContentId, isInline)))
                {
                    attachments.Add(decoded);
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
                From = DatabaseText.Clean(Safe(() => message.From.ToString())),
                To = DatabaseText.Clean(Safe(() => message.To.ToString())),
                Cc = DatabaseText.Clean(Safe(() => message.Cc.ToString())),
                Subject = DatabaseText.Clean(facts.Subject),
                Date = facts.Date ?? time.GetUtcNow(),
                MessageId = DatabaseText.Clean(facts.MessageId),
                InReplyTo = DatabaseText.Clean(facts.InReplyTo),
                References = facts.References.Take(1000).Select(r => DatabaseText.Clean(r)!).ToList(),
                ThreadIndex = facts.ThreadIndex, // kept only when it reads as one (the journal drops junk)
                TextBody = request.TooLarge ? null : DatabaseText.Clean(facts.TextBody),
                HtmlBody = request.TooLarge ? null : DatabaseText.Clean(facts.HtmlBody),
            },
            attachments,
            ReadOnlyMemory<byte>.Empty,
            text is null ? note : DatabaseText.Clean(ReplyTextExtractor.Extract(text).NewText),
            flagged,
            flagged ? note : null);

        // The raw message is the ledger's durable copy, pointed at rather than copied: one stored copy that the
        // record's raw download, the Not handled list and the crash repair all read (issue #16).
        // The ledger row knows the size (set when its bytes were stored), so no lookup is needed on this hot path.
        await messages.MoveRawFileIntoDatabaseAsync(filing.Work, request.Received, cancellationToken);
        return request.Received.Size is { } size
            ? await _journal.AddReceivedMailAsync(filing.Work, entry, request.Received.Id, size, cancellationToken)
            : await _journal.AddReceivedMailAsync(filing.Work, entry, request.Received.Id, cancellationToken);
    }

    /// <summary>An address list as text; a header MimeKit cannot format is left out rather than failing the filing.</summary>
    private static string? Safe(Func<string> format)
    {
        try
        {
            return format();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
