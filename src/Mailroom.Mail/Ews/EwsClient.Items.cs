using System.Globalization;
using System.Xml.Linq;

namespace Mailroom.Mail.Ews;

/// <summary>Item operations: send, find, and mark read, move, delete for many items per request.</summary>
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

    /// <summary>
    /// Marks many items read with one UpdateItem (one ItemChange each, SetItemField message:IsRead). An item whose
    /// ChangeKey was stale has its current one read (one GetItem IdOnly for all of them) and is tried once more.
    /// </summary>
    /// <returns>One outcome per item, in order; <see cref="EwsResponseCodes.ItemNotFound"/> for one that is gone.</returns>
    public async Task<IReadOnlyList<EwsItemOutcome>> MarkReadAsync(IReadOnlyList<EwsItemId> items, CancellationToken cancellationToken)
    {
        var outcomes = (await RunManyAsync("UpdateItem", items, UpdateIsRead, cancellationToken).ConfigureAwait(false)).ToArray();
        var stale = Enumerable.Range(0, outcomes.Length).Where(i => EwsResponseCodes.IsStaleChangeKey(outcomes[i].Error?.ResponseCode)).ToList();
        if (stale.Count == 0)
        {
            return outcomes;
        }

        var current = await GetItemIdsAsync(stale.Select(i => items[i]).ToList(), cancellationToken).ConfigureAwait(false);
        var retry = new List<(int Index, EwsItemId Current)>();
        for (var k = 0; k < stale.Count; k++)
        {
            if (current[k].Error is null && current[k].NewId is { } id)
            {
                retry.Add((stale[k], id));
            }
            else
            {
                outcomes[stale[k]] = outcomes[stale[k]] with { Error = current[k].Error ?? outcomes[stale[k]].Error };
            }
        }

        if (retry.Count > 0)
        {
            var again = await RunManyAsync("UpdateItem", retry.Select(r => r.Current).ToList(), UpdateIsRead, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < retry.Count; k++)
            {
                outcomes[retry[k].Index] = again[k] with { Item = items[retry[k].Index] };
            }
        }

        return outcomes;
    }

    private static XElement UpdateIsRead(IReadOnlyList<EwsItemId> items) =>
        new(M + "UpdateItem",
            new XAttribute("MessageDisposition", "SaveOnly"),
            new XAttribute("ConflictResolution", "AutoResolve"),
            new XElement(M + "ItemChanges", items.Select(item =>
                new XElement(T + "ItemChange",
                    item.ToElement(),
                    new XElement(T + "Updates",
                        new XElement(T + "SetItemField",
                            new XElement(T + "FieldURI", new XAttribute("FieldURI", "message:IsRead")),
                            new XElement(T + "Message", new XElement(T + "IsRead", "true"))))))));

    /// <summary>The current ids and ChangeKeys of many items (one GetItem IdOnly), as <see cref="EwsItemOutcome.NewId"/>.</summary>
    public Task<IReadOnlyList<EwsItemOutcome>> GetItemIdsAsync(IReadOnlyList<EwsItemId> items, CancellationToken cancellationToken) =>
        RunManyAsync("GetItem", items, ids => new XElement(M + "GetItem",
            new XElement(M + "ItemShape", new XElement(T + "BaseShape", "IdOnly")),
            new XElement(M + "ItemIds", ids.Select(i => new XElement(T + "ItemId", new XAttribute("Id", i.Id))))), cancellationToken);

    /// <summary>
    /// Moves many items with one MoveItem (one destination per call). A move gives each item a new id, in
    /// <see cref="EwsItemOutcome.NewId"/> where the server says it.
    /// </summary>
    public Task<IReadOnlyList<EwsItemOutcome>> MoveAsync(IReadOnlyList<EwsItemId> items, EwsFolder destination, CancellationToken cancellationToken) =>
        RunManyAsync("MoveItem", items, ids => new XElement(M + "MoveItem",
            new XElement(M + "ToFolderId", destination.ToElement()),
            new XElement(M + "ItemIds", ids.Select(i => new XElement(T + "ItemId", new XAttribute("Id", i.Id))))), cancellationToken);

    /// <summary>Deletes many items with one DeleteItem.</summary>
    public Task<IReadOnlyList<EwsItemOutcome>> DeleteAsync(IReadOnlyList<EwsItemId> items, ExchangeDeleteType deleteType, CancellationToken cancellationToken) =>
        RunManyAsync("DeleteItem", items, ids => new XElement(M + "DeleteItem", new XAttribute("DeleteType", deleteType.ToString()),
            new XElement(M + "ItemIds", ids.Select(i => new XElement(T + "ItemId", new XAttribute("Id", i.Id))))), cancellationToken);

    /// <summary>
    /// Sends one request for many items and reads the one response message per item, in order (ews.md 2). A
    /// response message of class Warning (ErrorBatchProcessingStopped: an earlier item's error stopped the batch)
    /// was not processed, so those items are sent again in a request of their own, as long as each request gets
    /// something done; the rest keep their own success or error. Throttling of the whole request is retried as for
    /// any request; a fault throws.
    /// </summary>
    private async Task<IReadOnlyList<EwsItemOutcome>> RunManyAsync(
        string operation, IReadOnlyList<EwsItemId> items, Func<IReadOnlyList<EwsItemId>, XElement> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var outcomes = new EwsItemOutcome[items.Count];
        var pending = Enumerable.Range(0, items.Count).ToList();
        while (pending.Count > 0)
        {
            var response = await ExecuteAsync(operation, request(pending.Select(i => items[i]).ToList()), idempotent: true, cancellationToken).ConfigureAwait(false);
            var messages = ResponseMessages(response).ToList();
            if (messages.Count != pending.Count)
            {
                throw Malformed(operation, $"the response holds {messages.Count} response messages for {pending.Count} items");
            }

            var stopped = new List<int>();
            for (var k = 0; k < messages.Count; k++)
            {
                var index = pending[k];
                switch ((string?)messages[k].Attribute("ResponseClass"))
                {
                    case "Success":
                        outcomes[index] = new EwsItemOutcome(items[index], null, EwsItemId.From(messages[k].Element(M + "Items")?.Elements().FirstOrDefault()));
                        break;
                    case "Warning":
                        stopped.Add(index);
                        outcomes[index] = new EwsItemOutcome(items[index], EwsErrors.FromResponseMessage(messages[k], operation));
                        break;
                    default:
                        outcomes[index] = new EwsItemOutcome(items[index], EwsErrors.FromResponseMessage(messages[k], operation));
                        break;
                }
            }

            if (stopped.Count == pending.Count)
            {
                // Nothing was processed: asking again at once would get the same; the items keep the warning.
                break;
            }

            if (stopped.Count > 0)
            {
                _logger.BatchStopped(operation, Endpoint, pending.Count - stopped.Count, stopped.Count);
            }

            pending = stopped;
        }

        foreach (var outcome in outcomes.Where(o => o.Error?.ResponseCode == EwsResponseCodes.ItemNotFound))
        {
            _logger.ItemAlreadyGone(operation, outcome.Item.Id);
        }

        return outcomes;
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
