namespace Mailroom.Data.Monitor;

/// <summary>
/// Where a received message is on its way. Each step is committed before the next begins, so a restart knows
/// exactly what is left: <see cref="Received"/> → <see cref="Filed"/> → <see cref="Completed"/>.
/// </summary>
public static class MessageState
{
    /// <summary>The raw message is durable; it has not been filed yet.</summary>
    public const string Received = "received";

    /// <summary>Filed (or skipped, or set aside as not handled); the server's post-action is still to do.</summary>
    public const string Filed = "filed";

    /// <summary>The server's post-action is done; nothing is left to do.</summary>
    public const string Completed = "completed";
}
