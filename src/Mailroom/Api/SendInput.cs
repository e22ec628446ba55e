namespace Mailroom.Api;

/// <summary>
/// A message to send from a record, as <c>POST /api/records/{number}/send</c> receives it: the fields of
/// <c>mailroom send</c>, with attachments inline as base64.
/// </summary>
internal sealed record SendInput
{
    /// <summary>The account's name; it must be available to users.</summary>
    public string? Account { get; init; }

    /// <summary>Null or empty for the account's default From.</summary>
    public string? From { get; init; }

    public IReadOnlyList<string>? To { get; init; }

    public IReadOnlyList<string>? Cc { get; init; }

    public IReadOnlyList<string>? Bcc { get; init; }

    public string? Subject { get; init; }

    /// <summary>The text body.</summary>
    public string? Body { get; init; }

    /// <summary>An HTML body, besides or instead of the text.</summary>
    public string? Html { get; init; }

    /// <summary>The journal entry (a received message on this record) this answers.</summary>
    public long? InReplyToEntry { get; init; }

    public IReadOnlyList<SendAttachmentInput>? Attachments { get; init; }
}
