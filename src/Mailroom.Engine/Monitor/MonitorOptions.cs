using System.ComponentModel.DataAnnotations;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Engine limits. Defaults suit one desk on one machine; each says why it exists. Configured under
/// <c>Mailroom:Monitor</c> (see <see cref="MonitorConfiguration"/>); the ranges below are what it accepts.
/// </summary>
internal sealed class MonitorOptions
{
    /// <summary>
    /// Above this size a message is stored raw and filed with a note, never parsed: parsing is where hostile mail
    /// costs memory and time. Default 50 MB.
    /// </summary>
    [Range(1024, long.MaxValue)]
    public long MaxMessageBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>
    /// Messages filed per transaction (group commit). A durable commit costs about a millisecond on SQLite, so
    /// grouping is what lets the monitor keep up with a fast IMAP fetch; a message that fails is still isolated
    /// by a savepoint. Default 50.
    /// </summary>
    [Range(1, 1000)]
    public int GroupSize { get; set; } = 50;

    /// <summary>Messages downloaded before they are filed: bounds the work a crash can leave half-done. Default 200.</summary>
    [Range(1, 10000)]
    public int FetchBatch { get; set; } = 200;

    /// <summary>
    /// Downloaded bytes made durable per commit: a fetch batch is written to the ledger in segments of about this much
    /// (rows and raw bytes in one transaction, one fsync), which bounds the memory the staged messages hold (messages
    /// above 1 MB wait in scratch files, not memory). Default 16 MB, the IMAP mailbox's bytes per FETCH set.
    /// </summary>
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long SegmentBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Downloaded bytes held in memory from the download until filing, so that filing parses them rather than reading
    /// each message back from the ledger (which is for restarts). Two fetch batches are in flight at once; messages
    /// beyond this are read back. Default 32 MB. Not configurable: it trades memory for speed, never correctness.
    /// </summary>
    internal long KeptBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// New records one sender may open per hour; beyond it their mail is set aside (not handled), stopping a mail
    /// storm or an auto-responder war from flooding the desk. Default 500: a monitoring system or a customer's
    /// bulk submission legitimately opens a few hundred an hour (and must not lose them to Not handled), while a loop
    /// at a message a second is still stopped within minutes.
    /// </summary>
    [Range(1, 100000)]
    public int NewRecordsPerSenderPerHour { get; set; } = 500;

    /// <summary>
    /// A Conversation ID or record number from a sender who takes no part in that record is filed and flagged for
    /// an agent (true, the default), or set aside as not handled (false).
    /// </summary>
    public bool FileStrangersFlagged { get; set; } = true;

    /// <summary>MIME nesting beyond this is not parsed (a stack-overflow guard; see MimeKit's ParserOptions.MaxMimeDepth).</summary>
    [Range(4, 1024)]
    public int MaxMimeDepth { get; set; } = 64;
}
