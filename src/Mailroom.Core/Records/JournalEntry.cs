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

    /// <summary>
    /// Who wrote the note or made the change (<c>Name &lt;address&gt;</c>, <c>cli:USER</c>, <c>monitor</c>); kept as
    /// text, so it outlives a deleted user. Null for mail and for entries older than the workflow.
    /// </summary>
    public string? Author { get; init; }

    /// <summary>An agent should look at this entry (a failed delivery, mail from someone outside the record, …).</summary>
    public bool NeedsAttention { get; init; }

    /// <summary>Why it needs attention.</summary>
    public string? AttentionReason { get; init; }

    public MailHistory? Mail { get; init; }
}
