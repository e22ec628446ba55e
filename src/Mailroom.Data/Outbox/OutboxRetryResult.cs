namespace Mailroom.Data.Outbox;

/// <summary>What <c>outbox retry</c> found.</summary>
public enum OutboxRetryResult
{
    /// <summary>The message is due now.</summary>
    Scheduled,

    NotFound,

    /// <summary>Already accepted by the server: sending it again would deliver a second copy.</summary>
    AlreadySent,

    /// <summary>A node is sending it right now.</summary>
    InProgress,
}
