using System.Globalization;
using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>An item as listed by FindItem or SyncFolderItems: its id and the few properties asked for.</summary>
internal sealed record EwsItem(EwsItemId ItemId, long? Size, bool? IsRead, DateTimeOffset? DateTimeReceived, string? InternetMessageId = null)
{
    /// <summary>
    /// Reads an item element of any class (<c>t:Message</c>, <c>t:MeetingRequest</c>, …): all share ItemType's fields.
    /// </summary>
    public static EwsItem? From(XElement item)
    {
        var id = EwsItemId.From(item);
        if (id is null)
        {
            return null;
        }

        var t = EwsNamespaces.Types;
        long? size = long.TryParse((string?)item.Element(t + "Size"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : null;
        bool? isRead = bool.TryParse((string?)item.Element(t + "IsRead"), out var r) ? r : null;
        DateTimeOffset? received = DateTimeOffset.TryParse((string?)item.Element(t + "DateTimeReceived"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var d) ? d : null;
        var messageId = ((string?)item.Element(t + "InternetMessageId"))?.Trim().Trim('<', '>');
        return new EwsItem(id, size, isRead, received, string.IsNullOrEmpty(messageId) ? null : messageId);
    }
}
