using System.ComponentModel.DataAnnotations;

namespace Mailroom.Mail.Connections;

/// <summary>Limits on talking to IMAP, POP3 and SMTP servers (configuration section <c>Mail</c>).</summary>
public sealed class MailConnectionOptions
{
    /// <summary>
    /// How long connecting, the TLS handshake and signing in may take together before the attempt is given up as
    /// timed out. Default 20 seconds: long enough for a slow server, short enough for Test Account to answer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long one read or write on an open connection may wait for the server (MailKit's <c>Timeout</c>).
    /// Default 60 seconds; an IMAP IDLE is not bound by it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The size of each piece an IMAP message is fetched in when it is opened; memory use per open message stays
    /// near this size whatever the message's size. Default 1 MiB.
    /// </summary>
    [Range(64 * 1024, 64 * 1024 * 1024)]
    public int FetchChunkBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How many messages one IMAP listing FETCH describes (UID, size, Message-ID). The initial sync of a large folder
    /// lists every unread message; in one FETCH MailKit would hold a summary with its header list for each of them at
    /// once (the monitor's peak memory went from about 180 MB to 360 MB at 100,000 messages), in pieces only a
    /// piece's. Default 1000: a hundred round trips for 100,000 messages, a few megabytes at a time.
    /// </summary>
    [Range(1, 100_000)]
    public int ListChunk { get; set; } = 1000;

    /// <summary>Where opened messages are spooled (deleted when the stream is closed); null: the system temp folder.</summary>
    public string? SpoolDirectory { get; set; }
}
