namespace Mailroom.Core.Monitor;

/// <summary>
/// Which ways of finding the existing record an item uses, tried in this order: the Conversation ID, the reply
/// headers (In-Reply-To/References against Message-IDs Mailroom sent or filed, then Outlook's Thread-Index), the
/// subject (only open records of the same customer, subjects shorter than <see cref="SubjectMinimumLength"/>
/// ignored), a record number in the subject.
/// </summary>
public sealed record RecordFinding
{
    public static RecordFinding Default { get; } = new();

    public bool ByConversationId { get; init; } = true;

    /// <summary>
    /// In-Reply-To and References against every Message-ID Mailroom sent or filed; when they find nothing, Outlook's
    /// Thread-Index as a hint: its header block (the conversation's root) finds the one record holding mail of that
    /// conversation, and nothing when several records do. One switch for both rather than a second one: the
    /// Thread-Index is a reply header too, carries the same proof (the sender had a message of the conversation)
    /// and only ever speaks when In-Reply-To and References did not, so no item needs one without the other.
    /// </summary>
    public bool ByReplyHeaders { get; init; } = true;

    public bool BySubject { get; init; } = true;

    /// <summary>Off by default: a number in a subject is the least reliable hint.</summary>
    public bool ByRecordNumber { get; init; }

    public RecordNumberMode RecordNumberMode { get; init; } = RecordNumberMode.AfterTerm;

    /// <summary>The term for <see cref="RecordNumberMode.AfterTerm"/>.</summary>
    public string RecordNumberTerm { get; init; } = "Incident";

    public int SubjectMinimumLength { get; init; } = SubjectNormalizer.DefaultMinimumLength;
}
