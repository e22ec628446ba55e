namespace Mailroom.Core.Records;

/// <summary>What a journal entry holds.</summary>
public enum JournalEntryKind
{
    /// <summary>A note written by an agent or by Mailroom itself.</summary>
    Note,

    /// <summary>One e-mail, sent or received (Mail History), with <see cref="JournalEntry.Mail"/> set.</summary>
    Mail,
}
