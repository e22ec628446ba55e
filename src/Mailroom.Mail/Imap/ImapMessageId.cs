using System.Globalization;
using MailKit;

namespace Mailroom.Mail.Imap;

/// <summary>A message's <see cref="MailboxMessage.MailboxId"/> in an IMAP folder: <c>UIDVALIDITY:UID</c>.</summary>
internal static class ImapMessageId
{
    public static string Format(uint validity, UniqueId uid) => string.Create(CultureInfo.InvariantCulture, $"{validity}:{uid.Id}");

    /// <summary>The UID, provided the id belongs to the folder's current UIDVALIDITY.</summary>
    public static UniqueId Parse(string mailboxId, uint currentValidity) =>
        TryParseCurrent(mailboxId, currentValidity, out var uid)
            ? uid
            : throw new InvalidOperationException($"Message '{mailboxId}' was listed under another UIDVALIDITY than the folder's current {currentValidity}: its UIDs were reassigned. List the folder again.");

    /// <summary>
    /// The UID when the id belongs to the folder's current UIDVALIDITY; false when it was listed under an earlier one,
    /// whose UIDs now name nothing (or other messages). A malformed id throws.
    /// </summary>
    public static bool TryParseCurrent(string mailboxId, uint currentValidity, out UniqueId uid)
    {
        var parts = mailboxId.Split(':');
        if (parts.Length != 2
            || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var validity)
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number == 0)
        {
            throw new ArgumentException($"'{mailboxId}' is not an IMAP message id (UIDVALIDITY:UID).", "message");
        }

        uid = new UniqueId(validity, number);
        return validity == currentValidity;
    }
}
