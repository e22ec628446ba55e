namespace Mailroom.Core.Records;

/// <summary>
/// One e-mail kept on a record's journal. Addresses are as they appeared (<c>Name &lt;a@b&gt;</c>, comma
/// separated). The raw message is kept beside it and loaded on demand.
/// </summary>
public sealed record MailHistory
{
    public MailDirection Direction { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public string? Cc { get; init; }

    /// <summary>Blind copies; kept only for mail Mailroom sent.</summary>
    public string? Bcc { get; init; }

    public string? Subject { get; init; }

    /// <summary>The Date header, or when it was received if it had none.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>Without angle brackets.</summary>
    public string? MessageId { get; init; }

    /// <summary>Without angle brackets.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The References header's Message-IDs, without angle brackets, oldest first.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The Conversation ID the message carried or was given, as written (<c>{CMI: ABCD1234}</c>).</summary>
    public string? ConversationId { get; init; }

    /// <summary>
    /// Outlook's <c>Thread-Index</c> (base64) the message carried or was given, or null when it had none that reads
    /// (see <see cref="Conversations.ThreadIndex"/>); its header block names the conversation across replies.
    /// </summary>
    public string? ThreadIndex { get; init; }

    public string? TextBody { get; init; }

    public string? HtmlBody { get; init; }

    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];

    /// <summary>Outgoing mail only.</summary>
    public DeliveryState? DeliveryState { get; init; }

    /// <summary>The server's words on the last try or the bounce, when there are any.</summary>
    public string? DeliveryDetail { get; init; }

    /// <summary>Size of the raw message in bytes.</summary>
    public long RawSize { get; init; }
}
