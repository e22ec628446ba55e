namespace Mailroom.Data.Outbox;

/// <summary>What cancelling an outbox message found.</summary>
public enum OutboxCancelResult
{
    /// <summary>It will not be sent; it is kept as failed, with who cancelled it.</summary>
    Cancelled,

    NotFound,

    /// <summary>Already accepted by the server, or already failed: there is nothing left to stop.</summary>
    Finished,

    /// <summary>A node is handing it to the server right now; it cannot be called back.</summary>
    InProgress,
}
