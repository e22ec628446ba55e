namespace Mailroom.Core.Records;

/// <summary>What a journal entry holds.</summary>
public enum JournalEntryKind
{
    /// <summary>A note written by an agent or by Mailroom itself.</summary>
    Note,

    /// <summary>One e-mail, sent or received (Mail History), with <see cref="JournalEntry.Mail"/> set.</summary>
    Mail,

    /// <summary>A change to the record (status, assignee) with who made it; <see cref="JournalEntry.Text"/> says what changed.</summary>
    Change,
}
