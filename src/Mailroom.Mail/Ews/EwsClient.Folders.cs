using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>Folder operations: GetFolder (also the cheap sign-in probe), FindFolder, CreateFolder.</summary>
internal sealed partial class EwsClient
{
    /// <summary>Reads a folder's id, name and counts (GetFolder, Default shape).</summary>
    public async Task<EwsFolderInfo> GetFolderAsync(EwsFolder folder, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "GetFolder",
            new XElement(M + "FolderShape", new XElement(T + "BaseShape", "Default")),
            new XElement(M + "FolderIds", folder.ToElement()));
        var message = await ExecuteSingleAsync("GetFolder", body, idempotent: true, cancellationToken).ConfigureAwait(false);
        var element = message.Element(M + "Folders")?.Elements().FirstOrDefault()
            ?? throw Malformed("GetFolder", "the response names no folder");
        return ReadFolder(element) ?? throw Malformed("GetFolder", "the folder has no FolderId");
    }

    /// <summary>Finds a folder by display name directly under <paramref name="parent"/> (FindFolder, Shallow).</summary>
    public async Task<EwsFolderInfo?> FindFolderAsync(EwsFolder parent, string displayName, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "FindFolder", new XAttribute("Traversal", "Shallow"),
            new XElement(M + "FolderShape",
                new XElement(T + "BaseShape", "IdOnly"),
                new XElement(T + "AdditionalProperties", new XElement(T + "FieldURI", new XAttribute("FieldURI", "folder:DisplayName")))),
            new XElement(M + "Restriction",
                new XElement(T + "IsEqualTo",
                    new XElement(T + "FieldURI", new XAttribute("FieldURI", "folder:DisplayName")),
                    new XElement(T + "FieldURIOrConstant", new XElement(T + "Constant", new XAttribute("Value", displayName))))),
            new XElement(M + "ParentFolderIds", parent.ToElement()));
        var message = await ExecuteSingleAsync("FindFolder", body, idempotent: true, cancellationToken).ConfigureAwait(false);
        var folders = message.Element(M + "RootFolder")?.Element(T + "Folders")?.Elements() ?? [];
        return folders.Select(ReadFolder).OfType<EwsFolderInfo>()
            .FirstOrDefault(f => f.DisplayName is null || string.Equals(f.DisplayName, displayName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Creates a mail folder under <paramref name="parent"/> (CreateFolder, class IPF.Note).</summary>
    public async Task<EwsFolderInfo> CreateFolderAsync(EwsFolder parent, string displayName, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "CreateFolder",
            new XElement(M + "ParentFolderId", parent.ToElement()),
            new XElement(M + "Folders",
                new XElement(T + "Folder",
                    new XElement(T + "FolderClass", "IPF.Note"),
                    new XElement(T + "DisplayName", displayName))));
        var message = await ExecuteSingleAsync("CreateFolder", body, idempotent: false, cancellationToken).ConfigureAwait(false);
        var element = message.Element(M + "Folders")?.Elements().FirstOrDefault()
            ?? throw Malformed("CreateFolder", "the response names no folder");
        _logger.FolderCreated(displayName, Endpoint);
        return (ReadFolder(element) ?? throw Malformed("CreateFolder", "the folder has no FolderId")) with { DisplayName = displayName };
    }

    /// <summary>
    /// The folder named <paramref name="displayName"/> directly under the mailbox root, created when missing. A
    /// concurrent creator (ErrorFolderExists) is answered by looking again.
    /// </summary>
    public async Task<EwsFolderInfo> FindOrCreateFolderAsync(string displayName, CancellationToken cancellationToken)
    {
        var found = await FindFolderAsync(EwsFolder.Root, displayName, cancellationToken).ConfigureAwait(false);
        if (found is not null)
        {
            return found;
        }

        try
        {
            return await CreateFolderAsync(EwsFolder.Root, displayName, cancellationToken).ConfigureAwait(false);
        }
        catch (EwsException ex) when (ex.ResponseCode == EwsResponseCodes.FolderExists)
        {
            return await FindFolderAsync(EwsFolder.Root, displayName, cancellationToken).ConfigureAwait(false)
                ?? throw new EwsException($"Exchange says folder '{displayName}' exists but FindFolder does not find it under the mailbox root.", ex.ResponseCode, ex.MessageText, isTransient: true);
        }
    }

    private static EwsFolderInfo? ReadFolder(XElement folder)
    {
        var id = (string?)folder.Element(T + "FolderId")?.Attribute("Id");
        return string.IsNullOrEmpty(id)
            ? null
            : new EwsFolderInfo(id, (string?)folder.Element(T + "DisplayName"), (int?)folder.Element(T + "TotalCount"), (int?)folder.Element(T + "UnreadCount"));
    }
}
