using Mailroom.Core.Monitor;
using MimeKit;
using MimeKit.Tnef;

namespace Mailroom.Mail.Parsing;

/// <summary>
/// Builds the monitor's <see cref="IncomingMailFacts"/> from a parsed MimeKit message: addresses, decoded subject,
/// reply headers, text and HTML bodies (charset-correct), HTML as text, attachments (also uuencoded ones and those
/// inside a TNEF winmail.dat) and the facts that tell a bounce. Never throws on malformed mail: whatever cannot be
/// read is left out and named in <see cref="IncomingMailFacts.Problems"/>.
/// </summary>
public static class IncomingMailReader
{
    // GB2312, Big5, Shift_JIS, ISO-2022-JP, windows-125x: without the code pages MimeKit falls back to Latin-1. This
    // must run before anything touches MimeKit's charset tables, so it is the first static initializer here.
    private static readonly bool CodePagesRegistered = RegisterCodePages();

    /// <summary>How deep multiparts and attached messages are followed; deeper parts are ignored (and noted).</summary>
    public const int MaxDepth = 32;

    /// <summary>How many parts are looked at; a message with more is read as far as this (and noted).</summary>
    public const int MaxParts = 5000;

    /// <summary>
    /// Parser limits for untrusted mail. MimeKit's default nesting limit (1024) is far beyond any real message and
    /// deep enough to make recursive code overflow its stack; 64 keeps every real message intact.
    /// </summary>
    public static ParserOptions SafeParserOptions { get; } = CreateParserOptions();

    /// <summary>
    /// Parses a message from a stream with <see cref="SafeParserOptions"/>, as the monitor does (see
    /// <see cref="MimeLoader"/>: bare CR line ends, junk before the headers), and reads its facts; what was worked
    /// around is named in the problems. A stream that holds no headers at all gives facts with only a problem noted.
    /// </summary>
    public static async Task<IncomingMailFacts> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var loaded = await MimeLoader.LoadAsync(stream, SafeParserOptions, persistent: false, headersOnly: false, cancellationToken).ConfigureAwait(false);
        if (loaded.Message is not { } message)
        {
            return new IncomingMailFacts { Problems = [$"not a MIME message: {loaded.Error}"] };
        }

        var facts = Read(message);
        return loaded.Problems.Count == 0 ? facts : facts with { Problems = [.. facts.Problems, .. loaded.Problems] };
    }

    /// <summary>Reads the facts of an already parsed message.</summary>
    public static IncomingMailFacts Read(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var problems = new List<string>();
        var walk = new PartWalk(problems);
        walk.Visit(message.Body, 0);

        var text = Safe(() => message.TextBody, "text body", problems);
        var html = Safe(() => message.HtmlBody, "HTML body", problems);
        if (text is null && html is null)
        {
            // No text/plain or text/html at the top: e.g. a bare text/rfc822-headers, or an odd text/* subtype.
            text = walk.FirstText;
        }

        var top = message.Body?.ContentType;
        return new IncomingMailFacts
        {
            Headers = message.Headers.Select(h => new MailHeader(h.Field, SafeValue(h))).ToList(),
            From = Safe(() => message.From.Mailboxes.Select(ToAddress).FirstOrDefault(), "From", problems)
                ?? SalvageAddress(message.Headers[HeaderId.From]),
            To = Safe(() => message.To.Mailboxes.Select(ToAddress).ToList(), "To", problems) ?? [],
            Cc = Safe(() => message.Cc.Mailboxes.Select(ToAddress).ToList(), "Cc", problems) ?? [],
            Subject = Safe(() => message.Subject, "Subject", problems) ?? string.Empty,
            MessageId = Trim(message.MessageId),
            InReplyTo = Trim(message.InReplyTo),
            References = message.References.Select(r => Trim(r)!).Where(r => r is not null).ToList(),
            ThreadIndex = message.Headers["Thread-Index"]?.Trim(),
            Date = message.Headers.Contains(HeaderId.Date) ? message.Date : null,
            TopContentType = top?.MimeType.ToLowerInvariant() ?? "text/plain",
            ReportType = top?.Parameters["report-type"]?.Trim().ToLowerInvariant(),
            HasDeliveryStatus = walk.HasDeliveryStatus,
            ReturnedMessageId = walk.ReturnedMessageId,
            TextBody = text,
            HtmlBody = html,
            HtmlAsText = html is null ? null : HtmlToText.Convert(html),
            Attachments = walk.Attachments,
            Problems = problems,
        };
    }

    private static bool RegisterCodePages()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return true;
    }

    private static ParserOptions CreateParserOptions()
    {
        _ = CodePagesRegistered;
        var options = ParserOptions.Default.Clone();
        options.MaxMimeDepth = 64;
        options.AllowAddressesWithoutDomain = true;
        options.RespectContentLength = false;
        return options;
    }

    /// <summary>
    /// A From header MimeKit cannot parse (<c>"name" &lt;local part with spaces@host&gt;</c>, a bare
    /// <c>Name address@host</c>) still names a sender; take what stands between the angle brackets, or the text.
    /// </summary>
    private static EmailAddress? SalvageAddress(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw) || !raw.Contains('@'))
        {
            return null;
        }

        var open = raw.LastIndexOf('<');
        var close = open < 0 ? -1 : raw.IndexOf('>', open);
        if (open >= 0 && close > open + 1)
        {
            return new EmailAddress(raw[(open + 1)..close].Trim(), raw[..open].Trim().Trim('"').Trim());
        }

        return new EmailAddress(raw.Trim().Trim('<', '>').Trim(), string.Empty);
    }

    private static EmailAddress ToAddress(MailboxAddress mailbox) =>
        new(mailbox.Address ?? string.Empty, mailbox.Name?.Trim() ?? string.Empty);

    private static string? Trim(string? id)
    {
        var trimmed = id?.Trim().Trim('<', '>').Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    private static string SafeValue(Header header)
    {
        try
        {
            return header.Value ?? string.Empty;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException)
        {
            return string.Empty;
        }
    }

    private static T? Safe<T>(Func<T> read, string what, List<string> problems)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            problems.Add($"{what}: {ex.Message}");
            return default;
        }
    }

    /// <summary>Walks the part tree without recursion limits of its own beyond <see cref="MaxDepth"/>.</summary>
    private sealed class PartWalk(List<string> problems)
    {
        private int _parts;

        public List<IncomingAttachment> Attachments { get; } = [];

        public bool HasDeliveryStatus { get; private set; }

        public string? ReturnedMessageId { get; private set; }

        public string? FirstText { get; private set; }

        public void Visit(MimeEntity? entity, int depth)
        {
            if (entity is null)
            {
                return;
            }

            if (depth > MaxDepth || ++_parts > MaxParts)
            {
                if (_parts == MaxParts + 1 || depth == MaxDepth + 1)
                {
                    problems.Add($"parts beyond depth {MaxDepth} or count {MaxParts} were not read");
                }

                return;
            }

            try
            {
                VisitOne(entity, depth);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                problems.Add($"part {entity.ContentType?.MimeType}: {ex.Message}");
            }
        }

        private void VisitOne(MimeEntity entity, int depth)
        {
            var type = entity.ContentType.MimeType.ToLowerInvariant();
            switch (entity)
            {
                case Multipart multipart:
                    foreach (var child in multipart)
                    {
                        Visit(child, depth + 1);
                    }

                    return;
                case MessageDeliveryStatus status:
                    HasDeliveryStatus = true;
                    Attachments.Add(ToAttachment(status));
                    return;
                case MessagePart { Message: { } inner } messagePart:
                    ReturnedMessageId ??= Trim(inner.MessageId);
                    using (var counter = new MimeKit.IO.MeasuringStream())
                    {
                        inner.WriteTo(counter);
                        Attachments.Add(new IncomingAttachment(
                            messagePart.ContentDisposition?.FileName ?? NameForMessage(inner), type, counter.Length,
                            Trim(entity.ContentId), false));
                    }

                    return;
                case TnefPart tnef:
                    AddTnef(tnef);
                    return;
                case MimePart headersPart when type is "text/rfc822-headers":
                    ReturnedMessageId ??= MessageIdFromHeaders(headersPart);
                    return;
                case TextPart text when !text.IsAttachment:
                    FirstText ??= text.IsPlain ? text.Text : null;
                    AddUuencoded(text);
                    return;
                case MimePart part:
                    HasDeliveryStatus |= type is "message/delivery-status" or "message/global-delivery-status";
                    Attachments.Add(ToAttachment(part));
                    return;
            }
        }

        private static string NameForMessage(MimeMessage inner) =>
            (string.IsNullOrWhiteSpace(inner.Subject) ? "message" : inner.Subject.Trim()) + ".eml";

        private static IncomingAttachment ToAttachment(MimePart part)
        {
            var type = part.ContentType.MimeType.ToLowerInvariant();
            var name = part.FileName;
            if (string.IsNullOrWhiteSpace(name))
            {
                name = NameForUnnamed(part, type);
            }

            var inline = part.ContentDisposition?.Disposition == ContentDisposition.Inline
                || (part.ContentDisposition is null && part.ContentId is not null);
            return new IncomingAttachment(name.Trim(), type, DecodedSize(part), Trim(part.ContentId), inline);
        }

        /// <summary>
        /// A name for a part the sender left unnamed: its Content-Description ("Delivery report"), else a word for
        /// its kind ("image", "document", "delivery-status", "file"), with the type's usual extension.
        /// </summary>
        private static string NameForUnnamed(MimePart part, string type)
        {
            var extension = type switch
            {
                "message/delivery-status" or "message/global-delivery-status" or "text/plain" => ".txt",
                "application/octet-stream" => string.Empty,
                _ => MimeTypes.TryGetExtension(type, out var ext) ? ext : string.Empty,
            };
            var description = part.Headers[HeaderId.ContentDescription]?.Trim();
            if (!string.IsNullOrEmpty(description) && description.Length <= 100
                && description.IndexOfAny(Path.GetInvalidFileNameChars()) < 0)
            {
                return description + extension;
            }

            var stem = type switch
            {
                _ when type.StartsWith("image/", StringComparison.Ordinal) => "image",
                "message/delivery-status" or "message/global-delivery-status" => "delivery-status",
                "text/html" => "document",
                _ => "file",
            };
            return stem + extension;
        }

        private static long DecodedSize(MimePart part)
        {
            if (part.Content is null)
            {
                return 0;
            }

            using var counter = new MimeKit.IO.MeasuringStream();
            part.Content.DecodeTo(counter);
            return counter.Length;
        }

        private void AddTnef(TnefPart tnef)
        {
            foreach (var inner in tnef.ExtractAttachments())
            {
                if (inner is MimePart part && (part.IsAttachment || part.FileName is not null))
                {
                    Attachments.Add(ToAttachment(part));
                }
            }
        }

        /// <summary>Old clients put files into the text as "begin 644 name" blocks; they count as attachments.</summary>
        private void AddUuencoded(TextPart text)
        {
            var body = text.Text;
            if (body is null || !body.Contains("begin ", StringComparison.Ordinal))
            {
                return;
            }

            using var reader = new StringReader(body);
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                if (!line.StartsWith("begin ", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = line.Split(' ', 3);
                if (fields.Length < 3 || fields[1].Length is < 3 or > 4 || !fields[1].All(char.IsAsciiDigit))
                {
                    continue;
                }

                long size = 0;
                while ((line = reader.ReadLine()) is not null && line.Trim() != "end")
                {
                    if (line.Length > 0)
                    {
                        size += Math.Max(0, (line[0] - 32) & 63);
                    }
                }

                var name = fields[2].Trim();
                var type = MimeTypes.GetMimeType(name);
                Attachments.Add(new IncomingAttachment(name, type, size, null, false));
            }
        }

        private static string? MessageIdFromHeaders(MimePart part)
        {
            if (part.Content is null)
            {
                return null;
            }

            // The headers may be folded; let MimeKit read them as a header-only message.
            using var buffer = new MemoryStream();
            part.Content.DecodeTo(buffer);
            buffer.Write("\r\n\r\n"u8);
            buffer.Position = 0;
            return Trim(MimeMessage.Load(SafeParserOptions, buffer).MessageId);
        }
    }
}
