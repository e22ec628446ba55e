using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;

namespace Mailroom.Testing.Graph;

/// <summary>
/// <c>POST .../sendMail</c> (user-sendmail.md, outlook-send-mime-message.md): with <c>Content-Type: text/plain</c> the
/// body is the whole MIME message in base64 (line breaks allowed), refused with 400
/// <c>ErrorMimeContentInvalidBase64String</c> when it is not base64 or is empty; with <c>application/json</c> a
/// message object. 202 means accepted. The MIME is kept as sent (<see cref="GraphTestServer.Sent"/>), a copy goes to
/// Sent Items, and each recipient that is a mailbox here gets one in its Inbox (without the Bcc header).
/// </summary>
internal static class GraphSendMail
{
    private static readonly IReadOnlySet<string> Parameters = new HashSet<string>(StringComparer.Ordinal) { "message", "saveToSentItems" };

    public static GraphAnswer Handle(GraphContext context)
    {
        byte[] mime;
        var saveToSentItems = true;
        if (context.Call.ContentTypeIs("text/plain"))
        {
            var text = Encoding.ASCII.GetString(context.Call.Body);
            var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
            try
            {
                mime = compact.Length == 0 ? throw new FormatException() : Convert.FromBase64String(compact);
            }
            catch (FormatException)
            {
                return GraphError.Create(400, "ErrorMimeContentInvalidBase64String", "Invalid base64 string for MIME content.");
            }
        }
        else if (context.Call.ContentTypeIs("application/json"))
        {
            var (body, error) = GraphBody.ReadObject(context.Call, "microsoft.graph.sendMail", Parameters);
            if (body is null)
            {
                return error!;
            }

            if (body["message"] is not JsonObject message)
            {
                return GraphError.Create(400, "ErrorInvalidParameter", "The value of the parameter 'Message' is empty.");
            }

            saveToSentItems = body["saveToSentItems"] is not { } save
                || !(save.GetValueKind() == JsonValueKind.False
                    || (save.GetValueKind() == JsonValueKind.String && save.GetValue<string>().Equals("false", StringComparison.OrdinalIgnoreCase)));
            mime = FromJson(message, context.Mailbox.Address);
        }
        else
        {
            return GraphError.Create(415, "UnsupportedMediaType",
                "The content type of the request must be application/json for a message object or text/plain for base64 MIME.");
        }

        MimeMessage parsed;
        try
        {
            parsed = MimeMessage.Load(new MemoryStream(mime));
        }
        catch (FormatException)
        {
            return GraphError.Create(400, "ErrorMimeContentInvalid", "The MIME content is invalid.");
        }

        if (parsed.Headers.Count == 0)
        {
            return GraphError.Create(400, "ErrorMimeContentInvalid", "The MIME content is invalid.");
        }

        var recipients = parsed.To.Mailboxes.Concat(parsed.Cc.Mailboxes).Concat(parsed.Bcc.Mailboxes)
            .Select(m => m.Address).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (recipients.Count == 0)
        {
            return GraphError.Create(400, "ErrorInvalidRecipients", "At least one recipient isn't valid., A message can't be sent because it contains no recipients.");
        }

        var sender = context.Mailbox;
        if (parsed.From.Mailboxes.FirstOrDefault() is { } from && !sender.MaySendAs(from.Address))
        {
            return GraphError.Create(403, "ErrorSendAsDenied",
                "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account., Cannot submit message.");
        }

        var stored = Stamp(mime, parsed, sender.Address);
        var now = context.Clock.GetUtcNow();
        if (saveToSentItems)
        {
            sender.Deliver(stored, sender.ResolveFolderLocked("sentitems"), isRead: true, now);
        }

        var delivered = new List<string>();
        var withoutBcc = WithoutBcc(stored);
        foreach (var address in recipients)
        {
            if (context.Server.FindMailbox(address) is { } mailbox)
            {
                mailbox.Deliver(withoutBcc, mailbox.ResolveFolderLocked("inbox"), isRead: false, now);
                delivered.Add(mailbox.Address);
            }
        }

        context.Server.Record(new GraphSentMail(sender.Address, mime, recipients, delivered, now));
        return GraphAnswer.Empty(202);
    }

    /// <summary>What Exchange adds when it submits a message that lacks them: From (the mailbox), Date and a Message-ID
    /// (one for every copy, so the sent and the delivered ones match).</summary>
    private static byte[] Stamp(byte[] mime, MimeMessage parsed, string mailbox)
    {
        var headers = new StringBuilder();
        if (parsed.From.Count == 0)
        {
            headers.Append("From: ").Append(mailbox).Append("\r\n");
        }

        if (!parsed.Headers.Contains(HeaderId.Date))
        {
            headers.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        }

        if (string.IsNullOrEmpty(parsed.MessageId))
        {
            var domain = mailbox.Contains('@') ? mailbox[(mailbox.IndexOf('@') + 1)..] : "graph.test";
            headers.Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append('@').Append(domain).Append(">\r\n");
        }

        return headers.Length == 0 ? mime : [.. Encoding.ASCII.GetBytes(headers.ToString()), .. mime];
    }

    private static byte[] WithoutBcc(byte[] mime)
    {
        var message = MimeMessage.Load(new MemoryStream(mime));
        if (!message.Headers.Contains(HeaderId.Bcc))
        {
            return mime;
        }

        message.Headers.RemoveAll(HeaderId.Bcc);
        using var output = new MemoryStream();
        message.WriteTo(output);
        return output.ToArray();
    }

    private static byte[] FromJson(JsonObject json, string mailbox)
    {
        var message = new MimeMessage();
        message.From.Add(json["from"] is JsonObject from ? Address(from) : MailboxAddress.Parse(mailbox));
        foreach (var (name, list) in new[] { ("toRecipients", message.To), ("ccRecipients", message.Cc), ("bccRecipients", message.Bcc), ("replyTo", message.ReplyTo) })
        {
            if (json[name] is JsonArray recipients)
            {
                list.AddRange(recipients.OfType<JsonObject>().Select(Address));
            }
        }

        message.Subject = json["subject"]?.GetValue<string>() ?? "";
        var body = json["body"] as JsonObject;
        var html = body?["contentType"]?.GetValue<string>().Equals("html", StringComparison.OrdinalIgnoreCase) == true;
        message.Body = new TextPart(html ? "html" : "plain") { Text = body?["content"]?.GetValue<string>() ?? "" };
        if (json["internetMessageHeaders"] is JsonArray extra)
        {
            foreach (var header in extra.OfType<JsonObject>())
            {
                message.Headers.Add(header["name"]!.GetValue<string>(), header["value"]?.GetValue<string>() ?? "");
            }
        }

        using var output = new MemoryStream();
        message.WriteTo(output);
        return output.ToArray();
    }

    private static MailboxAddress Address(JsonObject recipient)
    {
        var email = recipient["emailAddress"] as JsonObject;
        return new MailboxAddress(email?["name"]?.GetValue<string>() ?? "", email?["address"]?.GetValue<string>() ?? "");
    }
}
