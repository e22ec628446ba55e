namespace Mailroom.Core.Monitor;

/// <summary>
/// What the monitor's rules need to know about one incoming message, already decoded (charsets, quoted-printable,
/// base64, encoded words) by the mail adapter. Plain data so that classification, skip rules, conditions and record
/// finding can be tested without MIME.
/// </summary>
public sealed record IncomingMailFacts
{
    /// <summary>Every header in order, duplicates kept.</summary>
    public IReadOnlyList<MailHeader> Headers { get; init; } = [];

    /// <summary>The sender (first From mailbox), or null when the message has none that parses.</summary>
    public EmailAddress? From { get; init; }

    public IReadOnlyList<EmailAddress> To { get; init; } = [];

    public IReadOnlyList<EmailAddress> Cc { get; init; } = [];

    /// <summary>The decoded subject; empty when missing.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The Message-ID without angle brackets, or null.</summary>
    public string? MessageId { get; init; }

    /// <summary>The In-Reply-To id without angle brackets, or null.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The References ids without angle brackets, oldest first.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Outlook's Thread-Index header as sent (base64), or null; a hint for threading only.</summary>
    public string? ThreadIndex { get; init; }

    public DateTimeOffset? Date { get; init; }

    /// <summary>The MIME type of the top-level part, lower-case, e.g. <c>multipart/report</c>.</summary>
    public string TopContentType { get; init; } = "text/plain";

    /// <summary>The <c>report-type</c> parameter of a multipart/report top part (lower-case), or null.</summary>
    public string? ReportType { get; init; }

    /// <summary>A <c>message/delivery-status</c> (or global) part is present: the mark of a standard bounce.</summary>
    public bool HasDeliveryStatus { get; init; }

    /// <summary>The Message-ID of the returned original inside a bounce (its message/rfc822 or headers part).</summary>
    public string? ReturnedMessageId { get; init; }

    /// <summary>The plain-text body, decoded; null when the message has none.</summary>
    public string? TextBody { get; init; }

    /// <summary>The HTML body, decoded; null when the message has none.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>The HTML body converted to text (line breaks kept, blockquotes prefixed with "&gt; "), or null.</summary>
    public string? HtmlAsText { get; init; }

    public IReadOnlyList<IncomingAttachment> Attachments { get; init; } = [];

    /// <summary>What could not be read (a broken charset, a part that failed to decode); empty for a clean message.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The body text rules look at: the text body, or the HTML converted to text when there is no text body.</summary>
    public string Body => TextBody ?? HtmlAsText ?? string.Empty;

    /// <summary>The first value of the named header (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }
}
