using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>A folder reference: a distinguished folder (<c>inbox</c>, <c>msgfolderroot</c>) or a folder id.</summary>
internal sealed record EwsFolder(string Id, bool IsDistinguished)
{
    public static EwsFolder Inbox { get; } = new("inbox", true);

    public static EwsFolder Root { get; } = new("msgfolderroot", true);

    public static EwsFolder FromId(string id) => new(id, false);

    public XElement ToElement() => IsDistinguished
        ? new XElement(EwsNamespaces.Types + "DistinguishedFolderId", new XAttribute("Id", Id))
        : new XElement(EwsNamespaces.Types + "FolderId", new XAttribute("Id", Id));

    public override string ToString() => IsDistinguished ? Id : $"folder {Id}";
}
