using System.Text;
using Mailroom.Core.Records;
using Mailroom.Data.Outbox;
using Mailroom.Data.Records;

namespace Mailroom.Data.Tests.Outbox;

/// <summary>
/// One outgoing mail as the outbox tests queue it: a Mail History entry with its raw message. Also compiled into
/// Mailroom.Tests (linked in its project file) for the claim keeper's tests.
/// </summary>
internal static class QueuedMail
{
    /// <summary>The mail for <paramref name="recordId"/>; with <paramref name="number"/> it carries that Conversation ID.</summary>
    public static OutboxEnqueue Item(long recordId, long? number = null)
    {
        var messageId = $"{Guid.NewGuid():N}@mailroom.local";
        var mail = new MailHistory
        {
            Direction = MailDirection.Outgoing,
            From = "desk@example.test",
            To = "cust@example.test",
            Subject = number is { } n ? $"About your printer {{CMI: ABCD{n}}}" : "About your printer",
            MessageId = messageId,
            ConversationId = number is { } m ? $"{{CMI: ABCD{m}}}" : null,
            TextBody = "We are on it.",
            DeliveryState = DeliveryState.Queued,
        };
        return new OutboxEnqueue(new NewMailEntry(recordId, null, mail, [], Raw(messageId)), 1, null, "cust@example.test");
    }

    /// <summary>The raw message <see cref="Item"/> stores for <paramref name="messageId"/>.</summary>
    public static byte[] Raw(string messageId) => Encoding.ASCII.GetBytes($"Message-ID: <{messageId}>\r\nSubject: x\r\n\r\nWe are on it.\r\n");
}
