using System.Globalization;

namespace Mailroom.Mail.Imap;

/// <summary>
/// Where the monitor got to in an IMAP folder: <c>UIDVALIDITY:UID</c>, the folder's UIDVALIDITY and the highest
/// UID already listed. UIDs only grow while UIDVALIDITY stays the same (RFC 9051 2.3.1.1), so the messages not yet
/// handled are exactly those with a higher UID.
/// </summary>
internal readonly record struct ImapCheckpoint(uint Validity, uint LastUid)
{
    public static ImapCheckpoint? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(':');
        if (parts.Length == 2
            && uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var validity)
            && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
        {
            return new ImapCheckpoint(validity, uid);
        }

        throw new ArgumentException($"'{text}' is not an IMAP checkpoint (UIDVALIDITY:UID); pass the checkpoint a listing returned, or null.", "checkpoint");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Validity}:{LastUid}");
}
