using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>An item's id and, where known, its ChangeKey (the version stamp UpdateItem needs).</summary>
internal sealed record EwsItemId(string Id, string? ChangeKey)
{
    public XElement ToElement(string name = "ItemId")
    {
        var element = new XElement(EwsNamespaces.Types + name, new XAttribute("Id", Id));
        if (!string.IsNullOrEmpty(ChangeKey))
        {
            element.Add(new XAttribute("ChangeKey", ChangeKey));
        }

        return element;
    }

    /// <summary>Reads a <c>t:ItemId</c> (case-insensitively named: some servers and samples write <c>ItemID</c>).</summary>
    public static EwsItemId? From(XElement? item)
    {
        var idElement = item?.Elements().FirstOrDefault(e =>
            e.Name.Namespace == EwsNamespaces.Types && string.Equals(e.Name.LocalName, "ItemId", StringComparison.OrdinalIgnoreCase));
        var id = (string?)idElement?.Attribute("Id");
        return string.IsNullOrEmpty(id) ? null : new EwsItemId(id, (string?)idElement!.Attribute("ChangeKey"));
    }
}
