namespace Mailroom.Data.Outbox;

/// <summary>Where an outbox message stands.</summary>
public enum OutboxState
{
    /// <summary>Due at its next attempt time (at once when new).</summary>
    Waiting,

    /// <summary>Taken by a node (its lease running) but not yet handed to the server.</summary>
    Claimed,

    /// <summary>Being handed to the server; if the node dies here the outcome is unknown and the same bytes are sent again.</summary>
    Sending,

    /// <summary>The server accepted it.</summary>
    Sent,

    /// <summary>Refused for good, or out of retries; the last error says why.</summary>
    Failed,
}
