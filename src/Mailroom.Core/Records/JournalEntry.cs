namespace Mailroom.Core.Records;

/// <summary>
/// One entry in a record's journal (and, where the account says so, in its customer's). Mail History entries carry
/// <see cref="Mail"/>.
/// </summary>
public sealed record JournalEntry
{
    public long Id { get; init; }

    public long? RecordId { get; init; }

    public long? CustomerId { get; init; }

    public JournalEntryKind Kind { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>A note's text; for mail, the new text of the message (quotes folded away) when the monitor worked it out.</summary>
    public string? Text { get; init; }

    /// <summary>An agent should look at this entry (a failed delivery, mail from someone outside the record, …).</summary>
    public bool NeedsAttention { get; init; }

    /// <summary>Why it needs attention.</summary>
    public string? AttentionReason { get; init; }

    public MailHistory? Mail { get; init; }
}
