using System.Globalization;
using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>Incremental sync: SyncFolderItems from a stored sync state.</summary>
internal sealed partial class EwsClient
{
    /// <summary>
    /// One SyncFolderItems call: what was created in <paramref name="folder"/> since <paramref name="syncState"/>
    /// (null: everything in the folder). Throws <see cref="EwsException"/> with ErrorInvalidSyncStateData when the
    /// server no longer accepts the state.
    /// </summary>
    public async Task<EwsSyncPage> SyncFolderItemsAsync(EwsFolder folder, string? syncState, int maxChanges, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "SyncFolderItems",
            ItemShape(),
            new XElement(M + "SyncFolderId", folder.ToElement()));
        if (!string.IsNullOrEmpty(syncState))
        {
            body.Add(new XElement(M + "SyncState", syncState));
        }

        body.Add(new XElement(M + "MaxChangesReturned", Math.Clamp(maxChanges, 1, 512).ToString(CultureInfo.InvariantCulture)));
        if (!IsBefore2010(_requestVersion))
        {
            // SyncScope exists from Exchange 2010; an older request version must not carry it.
            body.Add(new XElement(M + "SyncScope", "NormalItems"));
        }

        var message = await ExecuteSingleAsync("SyncFolderItems", body, idempotent: true, cancellationToken).ConfigureAwait(false);
        var newState = (string?)message.Element(M + "SyncState");
        if (string.IsNullOrEmpty(newState))
        {
            throw Malformed("SyncFolderItems", "the response carries no SyncState");
        }

        var last = (bool?)message.Element(M + "IncludesLastItemInRange") ?? true;
        var created = (message.Element(M + "Changes")?.Elements(T + "Create") ?? [])
            .Select(c => c.Elements().FirstOrDefault())
            .OfType<XElement>()
            .Select(EwsItem.From)
            .OfType<EwsItem>()
            .ToList();
        return new EwsSyncPage(created, newState, last);
    }

    private static bool IsBefore2010(string version) => version.StartsWith("Exchange2007", StringComparison.Ordinal);
}
