namespace Mailroom.Data.Monitor;

/// <summary>A row of the monitor's ledger: one message received from one account's folder.</summary>
public sealed class ReceivedMessage
{
    public long Id { get; set; }

    public long AccountId { get; set; }

    /// <summary>The folder's name upper-cased, so <c>Inbox</c> and <c>INBOX</c> are one folder.</summary>
    public string FolderKey { get; set; } = "";

    /// <summary>The id the server listed it by (<c>UIDVALIDITY:UID</c>, UIDL, Exchange item id).</summary>
    public string MailboxId { get; set; } = "";

    public long? Size { get; set; }

    /// <summary>The Message-ID header without angle brackets, if the message had one.</summary>
    public string? MessageId { get; set; }

    /// <summary>SHA-256 of the raw bytes, lower-case hex.</summary>
    public string Digest { get; set; } = "";

    /// <summary>
    /// SHA-256 of what the author wrote, trace headers left out (lower-case hex), set when the message is filed; null
    /// before that, for mail above the size limit, and for mail filed before migration 304.
    /// </summary>
    public string? ContentDigest { get; set; }

    /// <summary>
    /// Null: the raw bytes are in <c>monitor_message_raw</c>. A row an earlier version wrote on SQLite names its raw file
    /// instead, relative to the data directory.
    /// </summary>
    public string? RawPath { get; set; }

    public string State { get; set; } = MessageState.Received;

    public string? Outcome { get; set; }

    public long? RecordId { get; set; }

    /// <summary>Why it was not handled, skipped, or flagged; shown to administrators.</summary>
    public string? Reason { get; set; }

    /// <summary>Filed, but an agent should look (e.g. a Conversation ID from a sender who takes no part in the record).</summary>
    public bool Flagged { get; set; }

    public bool PostActionDone { get; set; }

    public string? PostActionError { get; set; }

    /// <summary>The sender's address, lower-case: the new-records-per-sender limit counts by it.</summary>
    public string? Sender { get; set; }

    public string? Subject { get; set; }

    public int Attempts { get; set; }

    public long ReceivedAt { get; set; }

    public long? FiledAt { get; set; }

    public long? CompletedAt { get; set; }
}
