using System.Globalization;
using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>Item operations: send, find, mark read, move, delete.</summary>
internal sealed partial class EwsClient
{
    private static readonly XNamespace M = EwsNamespaces.Messages;
    private static readonly XNamespace T = EwsNamespaces.Types;

    /// <summary>
    /// Sends a message given as RFC 5322 bytes (CreateItem, SendAndSaveCopy): Exchange takes recipients, subject and
    /// every header from the MIME, and keeps a copy in Sent Items. Not idempotent: a timeout is not retried.
    /// </summary>
    /// <remarks>Blind copies go in <paramref name="bcc"/>, apart, because the MIME sent carries no Bcc header.</remarks>
    public async Task SendMimeAsync(byte[] mime, IReadOnlyCollection<string> bcc, CancellationToken cancellationToken)
    {
        var message = new XElement(T + "Message",
            new XElement(T + "MimeContent", new XAttribute("CharacterSet", "UTF-8"), Convert.ToBase64String(mime)));
        if (bcc.Count > 0)
        {
            // Schema order: BccRecipients comes after MimeContent (ItemType) within MessageType.
            message.Add(new XElement(T + "BccRecipients",
                bcc.Select(a => new XElement(T + "Mailbox", new XElement(T + "EmailAddress", a)))));
        }

        var body = new XElement(M + "CreateItem", new XAttribute("MessageDisposition", "SendAndSaveCopy"),
            new XElement(M + "SavedItemFolderId", new XElement(T + "DistinguishedFolderId", new XAttribute("Id", "sentitems"))),
            new XElement(M + "Items", message));
        await ExecuteSingleAsync("CreateItem", body, idempotent: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of a folder's items, oldest first (FindItem with IndexedPageItemView).</summary>
    public async Task<EwsFindPage> FindItemsAsync(EwsFolder folder, bool unreadOnly, int offset, int pageSize, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "FindItem", new XAttribute("Traversal", "Shallow"),
            ItemShape(),
            new XElement(M + "IndexedPageItemView",
                new XAttribute("MaxEntriesReturned", pageSize.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("Offset", offset.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("BasePoint", "Beginning")));
        if (unreadOnly)
        {
            body.Add(new XElement(M + "Restriction",
                new XElement(T + "IsEqualTo",
                    new XElement(T + "FieldURI", new XAttribute("FieldURI", "message:IsRead")),
                    new XElement(T + "FieldURIOrConstant", new XElement(T + "Constant", new XAttribute("Value", "false"))))));
        }

        body.Add(
            new XElement(M + "SortOrder",
                new XElement(T + "FieldOrder", new XAttribute("Order", "Ascending"),
                    new XElement(T + "FieldURI", new XAttribute("FieldURI", "item:DateTimeReceived")))),
            new XElement(M + "ParentFolderIds", folder.ToElement()));

        var message = await ExecuteSingleAsync("FindItem", body, idempotent: true, cancellationToken).ConfigureAwait(false);
        var root = message.Element(M + "RootFolder") ?? throw Malformed("FindItem", "the response has no RootFolder");
        var items = (root.Element(T + "Items")?.Elements() ?? []).Select(EwsItem.From).OfType<EwsItem>().ToList();
        var next = (int?)root.Attribute("IndexedPagingOffset") ?? offset + items.Count;
        var total = (int?)root.Attribute("TotalItemsInView") ?? items.Count;
        var last = (bool?)root.Attribute("IncludesLastItemInRange") ?? true;
        return new EwsFindPage(items, next, total, last);
    }

    /// <summary>Every item of a folder (FindItem paged until the view says its last item came).</summary>
    public async Task<IReadOnlyList<EwsItem>> FindAllItemsAsync(EwsFolder folder, bool unreadOnly, CancellationToken cancellationToken)
    {
        var all = new List<EwsItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var offset = 0;
        while (true)
        {
            var page = await FindItemsAsync(folder, unreadOnly, offset, _options.PageSize, cancellationToken).ConfigureAwait(false);
            // The view can shift while it is paged (mail arrives); an item seen twice is listed once.
            all.AddRange(page.Items.Where(i => seen.Add(i.ItemId.Id)));
            if (page.IncludesLastItemInRange || page.Items.Count == 0 || page.NextOffset <= offset)
            {
                return all;
            }

            offset = page.NextOffset;
        }
    }

    /// <summary>Marks an item read (UpdateItem SetItemField message:IsRead), refreshing a stale ChangeKey once.</summary>
    /// <returns>False when the item is gone from the mailbox (moved or deleted by someone else).</returns>
    public async Task<bool> MarkReadAsync(EwsItemId item, CancellationToken cancellationToken)
    {
        try
        {
            await UpdateIsReadAsync(item, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (EwsException ex) when (EwsResponseCodes.IsStaleChangeKey(ex.ResponseCode))
        {
            var current = await GetItemIdAsync(item.Id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return false;
            }

            await UpdateIsReadAsync(current, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (EwsException ex) when (ex.ResponseCode == EwsResponseCodes.ItemNotFound)
        {
            _logger.ItemAlreadyGone("UpdateItem", item.Id);
            return false;
        }
    }

    private Task UpdateIsReadAsync(EwsItemId item, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "UpdateItem",
            new XAttribute("MessageDisposition", "SaveOnly"),
            new XAttribute("ConflictResolution", "AutoResolve"),
            new XElement(M + "ItemChanges",
                new XElement(T + "ItemChange",
                    item.ToElement(),
                    new XElement(T + "Updates",
                        new XElement(T + "SetItemField",
                            new XElement(T + "FieldURI", new XAttribute("FieldURI", "message:IsRead")),
                            new XElement(T + "Message", new XElement(T + "IsRead", "true")))))));
        return ExecuteSingleAsync("UpdateItem", body, idempotent: true, cancellationToken);
    }

    /// <summary>The current id and ChangeKey of an item (GetItem IdOnly); null when it is gone.</summary>
    public async Task<EwsItemId?> GetItemIdAsync(string itemId, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "GetItem",
            new XElement(M + "ItemShape", new XElement(T + "BaseShape", "IdOnly")),
            new XElement(M + "ItemIds", new XElement(T + "ItemId", new XAttribute("Id", itemId))));
        try
        {
            var message = await ExecuteSingleAsync("GetItem", body, idempotent: true, cancellationToken).ConfigureAwait(false);
            return EwsItemId.From(message.Element(M + "Items")?.Elements().FirstOrDefault());
        }
        catch (EwsException ex) when (ex.ResponseCode == EwsResponseCodes.ItemNotFound)
        {
            return null;
        }
    }

    /// <summary>Moves an item (MoveItem). A move gives the item a new id, returned when the server says it.</summary>
    /// <returns>The new id; null when the server gave none or the item was already gone.</returns>
    public async Task<EwsItemId?> MoveAsync(EwsItemId item, EwsFolder destination, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "MoveItem",
            new XElement(M + "ToFolderId", destination.ToElement()),
            new XElement(M + "ItemIds", new XElement(T + "ItemId", new XAttribute("Id", item.Id))));
        try
        {
            var message = await ExecuteSingleAsync("MoveItem", body, idempotent: true, cancellationToken).ConfigureAwait(false);
            return EwsItemId.From(message.Element(M + "Items")?.Elements().FirstOrDefault());
        }
        catch (EwsException ex) when (ex.ResponseCode == EwsResponseCodes.ItemNotFound)
        {
            _logger.ItemAlreadyGone("MoveItem", item.Id);
            return null;
        }
    }

    /// <summary>Deletes an item (DeleteItem); an item already gone counts as deleted.</summary>
    public async Task DeleteAsync(EwsItemId item, ExchangeDeleteType deleteType, CancellationToken cancellationToken)
    {
        var body = new XElement(M + "DeleteItem", new XAttribute("DeleteType", deleteType.ToString()),
            new XElement(M + "ItemIds", new XElement(T + "ItemId", new XAttribute("Id", item.Id))));
        try
        {
            await ExecuteSingleAsync("DeleteItem", body, idempotent: true, cancellationToken).ConfigureAwait(false);
        }
        catch (EwsException ex) when (ex.ResponseCode == EwsResponseCodes.ItemNotFound)
        {
            _logger.ItemAlreadyGone("DeleteItem", item.Id);
        }
    }

    /// <summary>IdOnly plus what the monitor needs to list: size (for the download limit), read flag, arrival time, Message-ID.</summary>
    private static XElement ItemShape() =>
        new(M + "ItemShape",
            new XElement(T + "BaseShape", "IdOnly"),
            new XElement(T + "AdditionalProperties",
                new XElement(T + "FieldURI", new XAttribute("FieldURI", "item:Size")),
                new XElement(T + "FieldURI", new XAttribute("FieldURI", "item:DateTimeReceived")),
                new XElement(T + "FieldURI", new XAttribute("FieldURI", "message:IsRead")),
                new XElement(T + "FieldURI", new XAttribute("FieldURI", "message:InternetMessageId"))));
}
