using System.Globalization;
using MailKit;

namespace Mailroom.Mail.Imap;

/// <summary>A message's <see cref="MailboxMessage.MailboxId"/> in an IMAP folder: <c>UIDVALIDITY:UID</c>.</summary>
internal static class ImapMessageId
{
    public static string Format(uint validity, UniqueId uid) => string.Create(CultureInfo.InvariantCulture, $"{validity}:{uid.Id}");

    /// <summary>The UID, provided the id belongs to the folder's current UIDVALIDITY.</summary>
    public static UniqueId Parse(string mailboxId, uint currentValidity)
    {
        var parts = mailboxId.Split(':');
        if (parts.Length != 2
            || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var validity)
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var uid) || uid == 0)
        {
            throw new ArgumentException($"'{mailboxId}' is not an IMAP message id (UIDVALIDITY:UID).", "message");
        }

        if (validity != currentValidity)
        {
            throw new InvalidOperationException($"Message '{mailboxId}' was listed under UIDVALIDITY {validity}, but the folder now has {currentValidity}: its UIDs were reassigned. List the folder again.");
        }

        return new UniqueId(validity, uid);
    }
}
