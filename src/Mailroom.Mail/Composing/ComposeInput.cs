using Mailroom.Core.Accounts;

namespace Mailroom.Mail.Composing;

/// <summary>
/// Everything a message is built from, already checked by the sending policy (addresses valid, no line breaks in
/// header text, From allowed).
/// </summary>
public sealed record ComposeInput
{
    public required string From { get; init; }

    public string? FromName { get; init; }

    public IReadOnlyList<string> To { get; init; } = [];

    public IReadOnlyList<string> Cc { get; init; } = [];

    public IReadOnlyList<string> Bcc { get; init; } = [];

    public required string Subject { get; init; }

    public string? TextBody { get; init; }

    public string? HtmlBody { get; init; }

    public IReadOnlyList<ComposeAttachment> Attachments { get; init; } = [];

    /// <summary>The formatted Conversation ID (<c>{CMI: ABCD1234}</c>), or null for none.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Where <see cref="ConversationId"/> goes.</summary>
    public ConversationIdPlacement Placement { get; init; } = ConversationIdPlacement.Subject;

    /// <summary>The right-hand side of the Message-ID.</summary>
    public required string MessageIdDomain { get; init; }

    /// <summary>The installation prefix written into the loop marker header.</summary>
    public required string LoopMarker { get; init; }

    /// <summary>The Message-ID of the message this answers (bare), or null.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The answered message's own References, oldest first (bare ids); its Message-ID is appended.</summary>
    public IReadOnlyList<string> ParentReferences { get; init; } = [];

    /// <summary>
    /// The Thread-Index (base64) of the message this one continues in Outlook's sense: the answered message's, or the
    /// record's. The message gets it with a reply block appended; when null or unreadable it starts a new conversation.
    /// </summary>
    public string? ParentThreadIndex { get; init; }

    /// <summary>
    /// A notification Mailroom sends by itself (not an agent's reply): gets <c>Auto-Submitted: auto-generated</c>
    /// (RFC 3834) so that well-behaved responders do not answer it.
    /// </summary>
    public bool IsAutomatic { get; init; }

    /// <summary>Mail the system sends: also asks Exchange and Outlook not to send out-of-office replies.</summary>
    public bool IsSystem { get; init; }

    /// <summary>
    /// The Date header and the Thread-Index timestamp: the caller's clock (its <see cref="TimeProvider"/>), never read
    /// here, so a composed message carries the same time as the outbox row and journal entry written with it.
    /// </summary>
    public required DateTimeOffset Date { get; init; }
}
