namespace Mailroom.Data.Monitor;

/// <summary>What filing a message did, kept once it is filed.</summary>
public static class MessageOutcome
{
    /// <summary>Added to a record that already existed.</summary>
    public const string FiledExisting = "filed_existing";

    /// <summary>Opened a new record.</summary>
    public const string NewRecord = "new_record";

    /// <summary>A skip rule matched, or a built-in check (auto-reply, loop, storm limit) stopped it: no record touched.</summary>
    public const string Skipped = "skipped";

    /// <summary>No item handled it or its actions failed; waits in the Not handled list with its raw message.</summary>
    public const string NotHandled = "not_handled";

    /// <summary>The same message (Message-ID and content digest) was already filed under another mailbox id.</summary>
    public const string Duplicate = "duplicate";
}
