namespace Mailroom.Core.Records;

/// <summary>How far an outgoing message got; incoming mail has none.</summary>
public enum DeliveryState
{
    /// <summary>In the outbox, waiting for its first or next try.</summary>
    Queued,

    /// <summary>Handed to the server right now, or a try whose outcome a crash left unknown (it is resent with the same Message-ID).</summary>
    Sending,

    /// <summary>The server accepted it.</summary>
    Sent,

    /// <summary>Refused for good, or retried until the retry period ran out, or bounced; the server's words are kept.</summary>
    Failed,
}
