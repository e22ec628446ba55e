using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Mailroom.Core.Accounts;
using Mailroom.Core.Conversations;
using Mailroom.Core.Monitor;
using Mailroom.Core.Records;
using MimeKit;
using MimeKit.Utils;

namespace Mailroom.Mail.Composing;

/// <summary>
/// Builds outgoing mail with MimeKit: addresses, subject and body with the Conversation ID where the account puts
/// it, a Message-ID on the installation's domain, reply headers, Outlook's Thread-Index and Thread-Topic (the subject
/// without reply prefixes), loop-prevention headers and attachments.
/// </summary>
public static class MailComposer
{
    /// <summary>Marks every message Mailroom sends; the value is the installation prefix. Same name the monitor's classifier looks for.</summary>
    public const string LoopHeader = "X-Mailroom-Loop";

    public static ComposedMail Compose(ComposeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(input.FromName, input.From));
        message.To.AddRange(input.To.Select(a => MailboxAddress.Parse(a)));
        message.Cc.AddRange(input.Cc.Select(a => MailboxAddress.Parse(a)));
        message.Bcc.AddRange(input.Bcc.Select(a => MailboxAddress.Parse(a)));
        message.Date = input.Date;
        message.MessageId = MimeUtils.GenerateMessageId(input.MessageIdDomain);

        var subject = input.Subject.Trim();
        var text = input.TextBody;
        var html = input.HtmlBody;
        if (input.ConversationId is { } cid)
        {
            switch (input.Placement)
            {
                case ConversationIdPlacement.Subject:
                    subject = subject.Length == 0 ? cid : $"{subject} {cid}";
                    break;
                case ConversationIdPlacement.Body:
                    text = text is null && html is not null ? null : AppendTextLine(text ?? "", cid);
                    html = html is null ? null : AppendHtmlLine(html, cid);
                    break;
                case ConversationIdPlacement.Off:
                    break;
            }
        }

        message.Subject = subject;
        if (input.InReplyTo is { } parent)
        {
            message.InReplyTo = parent;
            foreach (var reference in input.ParentReferences)
            {
                message.References.Add(reference);
            }

            message.References.Add(parent);
        }

        // Outlook groups a conversation by its Thread-Index, not by References: with it, an Outlook user's reply carries
        // the conversation's root back even when the client drops In-Reply-To, and the monitor finds the record by it.
        var threadIndex = ThreadIndex.TryParse(input.ParentThreadIndex, out var parentIndex)
            ? parentIndex.Reply(input.Date, (byte)RandomNumberGenerator.GetInt32(256))
            : ThreadIndex.StartNew(input.Date, Guid.NewGuid());
        message.Headers.Add("Thread-Index", threadIndex.Format());
        var topic = new SubjectNormalizer(0).Normalize(input.Subject);
        if (topic.Length > 0)
        {
            message.Headers.Add("Thread-Topic", topic);
        }

        message.Headers.Add(LoopHeader, input.LoopMarker);
        if (input.IsAutomatic)
        {
            message.Headers.Add("Auto-Submitted", "auto-generated");
        }

        if (input.IsSystem)
        {
            message.Headers.Add("X-Auto-Response-Suppress", "All");
        }

        var builder = new BodyBuilder { TextBody = text, HtmlBody = html };
        var attachments = new List<NewAttachment>();
        foreach (var attachment in input.Attachments)
        {
            var bytes = attachment.Content.ToArray();
            var part = attachment.ContentType is { } type
                ? builder.Attachments.Add(attachment.FileName, bytes, ContentType.Parse(type))
                : builder.Attachments.Add(attachment.FileName, bytes);
            attachments.Add(new NewAttachment(attachment.FileName, part.ContentType.MimeType, null, false, bytes));
        }

        if (text is null && html is null)
        {
            builder.TextBody = "";
        }

        message.Body = builder.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        var raw = stream.ToArray();

        var history = new MailHistory
        {
            Direction = MailDirection.Outgoing,
            From = message.From.ToString(),
            To = Join(message.To),
            Cc = Join(message.Cc),
            Bcc = Join(message.Bcc),
            Subject = subject,
            Date = input.Date,
            MessageId = message.MessageId,
            InReplyTo = message.InReplyTo,
            References = message.References.ToList(),
            ConversationId = input.ConversationId,
            ThreadIndex = threadIndex.Format(),
            TextBody = text,
            HtmlBody = html,
            DeliveryState = DeliveryState.Queued,
            RawSize = raw.Length,
        };
        return new ComposedMail(message, raw, history, attachments);
    }

    private static string? Join(InternetAddressList list) => list.Count == 0 ? null : list.ToString();

    /// <summary>The ID on a line of its own after the text, so a reply that quotes the text quotes it too.</summary>
    private static string AppendTextLine(string text, string conversationId) =>
        string.Create(CultureInfo.InvariantCulture, $"{text.TrimEnd()}\r\n\r\n{conversationId}\r\n");

    /// <summary>A small grey line before <c>&lt;/body&gt;</c> (or at the end): visible, so it survives replies, but out of the way.</summary>
    private static string AppendHtmlLine(string html, string conversationId)
    {
        var line = $"<p style=\"color:#888888;font-size:11px;margin-top:16px\">{WebUtility.HtmlEncode(conversationId)}</p>";
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end >= 0 ? html.Insert(end, line) : html + line;
    }
}
