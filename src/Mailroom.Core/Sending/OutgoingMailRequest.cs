namespace Mailroom.Core.Sending;

/// <summary>A message the desk wants to send from a record, as an agent (or the system) asked for it.</summary>
public sealed record OutgoingMailRequest
{
    public long RecordId { get; init; }

    /// <summary>The name of the account it goes out through.</summary>
    public required string Account { get; init; }

    /// <summary>
    /// <see cref="Account"/> names one of <see cref="SenderUser"/>'s own personal accounts, not a global account (the
    /// two may share a name: personal accounts' names are unique per user only).
    /// </summary>
    public bool OwnAccount { get; init; }

    public IReadOnlyList<string> To { get; init; } = [];

    public IReadOnlyList<string> Cc { get; init; } = [];

    public IReadOnlyList<string> Bcc { get; init; } = [];

    /// <summary>The From asked for; null for the account's default.</summary>
    public string? From { get; init; }

    public required string Subject { get; init; }

    public string? TextBody { get; init; }

    public string? HtmlBody { get; init; }

    public IReadOnlyList<OutgoingAttachment> Attachments { get; init; } = [];

    /// <summary>The journal entry of a stored message this answers (In-Reply-To and References follow from it).</summary>
    public long? InReplyToEntryId { get; init; }

    /// <summary>A notification Mailroom sends by itself (gets <c>Auto-Submitted: auto-generated</c>).</summary>
    public bool IsAutomatic { get; init; }

    /// <summary>The system sends it, not an agent: an account hidden from users may be used.</summary>
    public bool IsSystem { get; init; }

    /// <summary>The sending user's address (their own From, their personal credentials); null on the command line.</summary>
    public string? SenderUser { get; init; }
}
