using MimeKit;

namespace Mailroom.Testing.Graph;

/// <summary>What Outlook reads out of a message's MIME for its JSON properties (subject, addresses, body, preview).</summary>
internal sealed record GraphMimeSummary(
    string Subject,
    string? MessageId,
    (string Name, string Address)? From,
    (string Name, string Address)? Sender,
    IReadOnlyList<(string Name, string Address)> To,
    IReadOnlyList<(string Name, string Address)> Cc,
    IReadOnlyList<(string Name, string Address)> Bcc,
    IReadOnlyList<(string Name, string Address)> ReplyTo,
    DateTimeOffset? Date,
    string BodyContentType,
    string BodyContent,
    string BodyPreview,
    bool HasAttachments,
    IReadOnlyList<(string Name, string Value)> Headers)
{
    public static GraphMimeSummary Read(MimeMessage message)
    {
        static IReadOnlyList<(string, string)> Addresses(InternetAddressList list) =>
            [.. list.Mailboxes.Select(m => (m.Name ?? "", m.Address))];

        var from = message.From.Mailboxes.FirstOrDefault();
        var sender = message.Sender ?? from;
        var html = message.HtmlBody;
        var text = message.TextBody ?? "";
        var preview = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return new GraphMimeSummary(
            message.Subject ?? "",
            message.MessageId,
            from is null ? null : (from.Name ?? "", from.Address),
            sender is null ? null : (sender.Name ?? "", sender.Address),
            Addresses(message.To),
            Addresses(message.Cc),
            Addresses(message.Bcc),
            Addresses(message.ReplyTo),
            message.Headers.Contains(HeaderId.Date) ? message.Date : null,
            html is null ? "text" : "html",
            html ?? text,
            preview.Length > 255 ? preview[..255] : preview,
            message.Attachments.Any(),
            [.. message.Headers.Select(h => (h.Field, h.Value))]);
    }
}
