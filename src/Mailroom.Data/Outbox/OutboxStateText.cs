namespace Mailroom.Data.Outbox;

/// <summary>
/// How each <see cref="OutboxState"/> is stored in <c>outbox.state</c>: the SQL names its states through these, so
/// a query and the row reader (<see cref="OutboxRow.ParseState"/>) cannot drift apart.
/// </summary>
internal static class OutboxStateText
{
    public const string Waiting = "waiting";

    public const string Claimed = "claimed";

    public const string Sending = "sending";

    public const string Sent = "sent";

    public const string Failed = "failed";
}
