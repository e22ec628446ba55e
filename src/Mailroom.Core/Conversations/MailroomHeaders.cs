namespace Mailroom.Core.Conversations;

/// <summary>Headers Mailroom stamps on the mail it sends, so that the monitor knows its own mail when it comes back.</summary>
public static class MailroomHeaders
{
    /// <summary>
    /// Set on every message Mailroom sends; the value is the installation's Conversation ID prefix. A message that
    /// arrives carrying it with this installation's prefix is a loop and never opens a record.
    /// </summary>
    public const string Loop = "X-Mailroom-Loop";
}
