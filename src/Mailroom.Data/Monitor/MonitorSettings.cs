namespace Mailroom.Data.Monitor;

/// <summary>One account's monitor as stored: what to watch, how often, and what to do with a message once filed.</summary>
public sealed class MonitorSettings
{
    /// <summary>The folder watched when none is given; IMAP servers match <c>INBOX</c> without regard to case.</summary>
    public const string DefaultFolder = "Inbox";

    /// <summary>Polling interval when none is given. With IMAP IDLE new mail is seen at once anyway.</summary>
    public const int DefaultIntervalSeconds = 60;

    /// <summary>
    /// Polling interval of a new Microsoft 365 (Graph) monitor when none is given. Graph cannot push without a public
    /// HTTPS endpoint, so it is polled by delta query; a round with nothing new is one request, and 15 s is 40 of the
    /// 10,000 requests Outlook allows per app and mailbox in 10 minutes.
    /// </summary>
    public const int DefaultGraphIntervalSeconds = 15;

    public long Id { get; set; }

    public long AccountId { get; set; }

    public string Folder { get; set; } = DefaultFolder;

    public int IntervalSeconds { get; set; } = DefaultIntervalSeconds;

    /// <summary>False while paused: mail keeps arriving on the server and waits.</summary>
    public bool Enabled { get; set; }

    /// <summary><c>mark-read</c>, <c>delete</c> or <c>move:FOLDER</c>; POP3 accounts always delete.</summary>
    public string PostAction { get; set; } = "mark-read";

    /// <summary>The Default item's settings as JSON of the Core model; null: create a new Incident.</summary>
    public string? DefaultItem { get; set; }

    /// <summary>
    /// The customer who stands in when a message's sender is not a known customer (see the filer), or null: no one
    /// does, and a new record from a stranger makes the stranger a customer.
    /// </summary>
    public long? DefaultCustomerId { get; set; }

    /// <summary>That customer's address as read with the monitor (not stored with it; ignored when saving).</summary>
    public string? DefaultCustomerAddress { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public long? LastCheckAt { get; set; }

    public string? LastError { get; set; }

    public long? LastErrorAt { get; set; }

    public long FetchedTotal { get; set; }

    public long FiledExistingTotal { get; set; }

    public long NewRecordsTotal { get; set; }

    public long SkippedTotal { get; set; }

    public long NotHandledTotal { get; set; }
}
