using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using static Mailroom.Mail.Tests.Ews.EwsTestXml;

namespace Mailroom.Mail.Tests.Ews;

/// <summary>
/// The operations of the test EWS server. Each request is checked as Exchange checks it (envelope and namespaces,
/// a valid RequestServerVersion, the operation's required attributes and child order from the reference pages),
/// refused with an ErrorSchemaValidation fault when it is not valid, and answered over the in-memory mailbox.
/// </summary>
internal sealed partial class EwsTestOperations(EwsTestMailbox mailbox)
{
    public EwsTestMailbox Mailbox { get; } = mailbox;

    public EwsTestServerVersion Version { get; set; } = EwsTestServerVersion.Exchange2019;

    public async Task<(int Status, XDocument Document, RecordedRequest? Recorded, Func<HttpResponse, CancellationToken, Task>? Stream)> HandleAsync(HttpRequest request, string identity)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase))
        {
            return (500, Fault("ErrorInvalidRequest", $"The request content type '{request.ContentType}' is not text/xml."), null, null);
        }

        XDocument envelope;
        try
        {
            envelope = await XDocument.LoadAsync(request.Body, LoadOptions.None, CancellationToken.None);
        }
        catch (XmlException ex)
        {
            return (500, Fault("ErrorSchemaValidation", "The request failed schema validation: " + ex.Message), null, null);
        }

        try
        {
            var (operation, version, body) = CheckEnvelope(envelope);
            var recorded = new RecordedRequest(operation, version, identity, envelope);
            if (operation == "GetStreamingEvents")
            {
                var (document, stream) = GetStreamingEvents(body, version);
                return (200, document, recorded, stream);
            }

            var response = operation switch
            {
                "GetFolder" => GetFolder(body),
                "FindFolder" => FindFolder(body),
                "CreateFolder" => CreateFolder(body),
                "CreateItem" => CreateItem(body),
                "FindItem" => FindItem(body, version),
                "GetItem" => GetItem(body),
                "UpdateItem" => UpdateItem(body),
                "MoveItem" => MoveItem(body),
                "DeleteItem" => DeleteItem(body),
                "SyncFolderItems" => SyncFolderItems(body, version),
                "Subscribe" => Subscribe(body, version),
                "GetEvents" => GetEvents(body),
                _ => throw new SchemaViolation($"The element '{operation}' is not an operation this server implements."),
            };
            return (200, EwsTestXml.Envelope(Version, response), recorded, null);
        }
        catch (SchemaViolation ex)
        {
            return (500, Fault("ErrorSchemaValidation", "The request failed schema validation: " + ex.Message,
                Value("LineNumber", "1"), Value("LinePosition", "1"), new XElement(T + "Violation", ex.Message)), null, null);
        }
        catch (VersionRefused ex)
        {
            return (500, Fault("ErrorInvalidServerVersion", ex.Message), null, null);
        }
    }

    private (string Operation, string Version, XElement Body) CheckEnvelope(XDocument envelope)
    {
        var root = envelope.Root!;
        Require(root.Name == S + "Envelope", $"The root element is '{root.Name}', not a SOAP 1.1 Envelope.");
        var header = root.Element(S + "Header");
        var versionElement = header?.Element(T + "RequestServerVersion");
        Require(versionElement is not null, "The SOAP header must carry t:RequestServerVersion.");
        var version = (string?)versionElement!.Attribute("Version");
        if (version is null || !LegalVersions.Contains(version))
        {
            throw new VersionRefused("The specified server version is invalid.");
        }

        // Exchange 2007 knows nothing newer than Exchange2007_SP1.
        if (Version.Major < 14 && version is not ("Exchange2007" or "Exchange2007_SP1"))
        {
            throw new VersionRefused("The specified server version is invalid.");
        }

        var bodyElements = root.Element(S + "Body")?.Elements().ToList() ?? [];
        Require(bodyElements.Count == 1, "The SOAP body must hold exactly one operation.");
        var body = bodyElements[0];
        Require(body.Name.Namespace == M, $"The operation element '{body.Name}' is not in the messages namespace.");
        return (body.Name.LocalName, version, body);
    }

    private XElement GetFolder(XElement body)
    {
        Order(body, M + "FolderShape", M + "FolderIds");
        Require(body.Element(M + "FolderShape")?.Element(T + "BaseShape") is not null, "GetFolder needs FolderShape/BaseShape.");
        var messages = FolderIds(body.Element(M + "FolderIds")).Select(id => Mailbox.Folder(id) is { } folder
            ? Success("GetFolder", new XElement(M + "Folders", FolderElement(folder)))
            : Error("GetFolder", "ErrorFolderNotFound", "The specified folder could not be found in the store.", null, new XElement(M + "Folders")));
        return Response("GetFolder", [.. messages]);
    }

    private XElement FindFolder(XElement body)
    {
        RequireAttribute(body, "Traversal", "Shallow", "Deep", "SoftDeleted");
        Order(body, M + "FolderShape", M + "IndexedPageFolderView", M + "FractionalPageFolderView", M + "Restriction", M + "ParentFolderIds");
        var wanted = (string?)body.Element(M + "Restriction")?.Element(T + "IsEqualTo")?.Element(T + "FieldURIOrConstant")?.Element(T + "Constant")?.Attribute("Value");
        var messages = FolderIds(body.Element(M + "ParentFolderIds")).Select(parentId =>
        {
            var children = Mailbox.Children(parentId)
                .Where(f => wanted is null || string.Equals(f.Name, wanted, StringComparison.OrdinalIgnoreCase))
                .ToList();
            return Success("FindFolder",
                new XElement(M + "RootFolder", new XAttribute("TotalItemsInView", children.Count), new XAttribute("IncludesLastItemInRange", "true"),
                    new XElement(T + "Folders", children.Select(FolderElement))));
        });
        return Response("FindFolder", [.. messages]);
    }

    private XElement CreateFolder(XElement body)
    {
        Order(body, M + "ParentFolderId", M + "Folders");
        var parentId = FolderIds(body.Element(M + "ParentFolderId")).Single();
        var messages = new List<XElement>();
        foreach (var folder in body.Element(M + "Folders")?.Elements(T + "Folder") ?? [])
        {
            Order(folder, T + "FolderId", T + "ParentFolderId", T + "FolderClass", T + "DisplayName");
            var name = (string?)folder.Element(T + "DisplayName");
            Require(!string.IsNullOrEmpty(name), "A folder needs a DisplayName.");
            if (Mailbox.Children(parentId).Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                messages.Add(Error("CreateFolder", "ErrorFolderExists", "A folder with the specified name already exists.", null, new XElement(M + "Folders")));
                continue;
            }

            var created = Mailbox.AddFolder(name!, parentId);
            messages.Add(Success("CreateFolder", new XElement(M + "Folders", new XElement(T + "Folder", new XElement(T + "FolderId", new XAttribute("Id", created.Id))))));
        }

        return Response("CreateFolder", [.. messages]);
    }

    private XElement CreateItem(XElement body)
    {
        Order(body, M + "SavedItemFolderId", M + "Items");
        var disposition = (string?)body.Attribute("MessageDisposition");
        if (disposition is null)
        {
            return Response("CreateItem", Error("CreateItem", "ErrorMessageDispositionRequired", "MessageDisposition attribute is required.", null, new XElement(M + "Items")));
        }

        RequireAttribute(body, "MessageDisposition", "SaveOnly", "SendOnly", "SendAndSaveCopy");
        var messages = new List<XElement>();
        foreach (var message in body.Element(M + "Items")?.Elements() ?? [])
        {
            Require(message.Name == T + "Message", $"CreateItem for mail takes t:Message, not '{message.Name}'.");
            Order(message, T + "MimeContent", T + "ItemId", T + "ParentFolderId", T + "ItemClass", T + "Subject", T + "Sensitivity", T + "Body",
                T + "Sender", T + "ToRecipients", T + "CcRecipients", T + "BccRecipients", T + "IsRead");
            var mimeText = (string?)message.Element(T + "MimeContent");
            Require(mimeText is not null, "This server's tests send mail as MimeContent.");
            byte[] mime;
            try
            {
                mime = Convert.FromBase64String(mimeText!);
            }
            catch (FormatException)
            {
                throw new SchemaViolation("MimeContent is not valid base64.");
            }

            var headers = Encoding.UTF8.GetString(mime);
            if (headers.Contains("@invalid.example", StringComparison.OrdinalIgnoreCase))
            {
                messages.Add(Error("CreateItem", "ErrorInvalidRecipients", "At least one recipient isn't valid.", null, new XElement(M + "Items")));
                continue;
            }

            var bcc = message.Element(T + "BccRecipients")?.Elements(T + "Mailbox").Select(m => (string)m.Element(T + "EmailAddress")!).ToList() ?? [];
            Mailbox.Sent_(mime, bcc);
            messages.Add(Success("CreateItem", new XElement(M + "Items")));
        }

        return Response("CreateItem", [.. messages]);
    }

    private XElement FindItem(XElement body, string version)
    {
        RequireAttribute(body, "Traversal", "Shallow", "SoftDeleted", "Associated");
        Order(body, M + "ItemShape", M + "IndexedPageItemView", M + "FractionalPageItemView", M + "GroupBy", M + "DistinguishedGroupBy",
            M + "Restriction", M + "SortOrder", M + "ParentFolderIds", M + "QueryString");
        Require(body.Element(M + "QueryString") is null || !version.StartsWith("Exchange2007", StringComparison.Ordinal), "QueryString needs Exchange2010 or later.");
        var shape = body.Element(M + "ItemShape");
        Require(shape?.Element(T + "BaseShape") is not null, "FindItem needs ItemShape/BaseShape.");
        var view = body.Element(M + "IndexedPageItemView");
        var offset = 0;
        var max = 1000;
        if (view is not null)
        {
            Require(view.Attribute("Offset") is not null && view.Attribute("BasePoint") is not null, "IndexedPageItemView needs Offset and BasePoint.");
            offset = (int)view.Attribute("Offset")!;
            max = (int?)view.Attribute("MaxEntriesReturned") ?? 1000;
        }

        bool? isRead = null;
        var equal = body.Element(M + "Restriction")?.Element(T + "IsEqualTo");
        if (equal is not null)
        {
            Require((string?)equal.Element(T + "FieldURI")?.Attribute("FieldURI") == "message:IsRead", "This server restricts on message:IsRead only.");
            isRead = bool.Parse((string)equal.Element(T + "FieldURIOrConstant")!.Element(T + "Constant")!.Attribute("Value")!);
        }

        var descending = (string?)body.Element(M + "SortOrder")?.Element(T + "FieldOrder")?.Attribute("Order") != "Ascending";
        var folderId = FolderIds(body.Element(M + "ParentFolderIds")).Single();
        var folder = Mailbox.Folder(folderId);
        if (folder is null)
        {
            return Response("FindItem", Error("FindItem", "ErrorFolderNotFound", "The specified folder could not be found in the store."));
        }

        List<TestItem> all;
        lock (folder.Items)
        {
            all = folder.Items.Where(i => isRead is null || i.IsRead == isRead).ToList();
        }

        all = descending ? [.. all.OrderByDescending(i => i.Received)] : [.. all.OrderBy(i => i.Received)];
        var page = all.Skip(offset).Take(max).ToList();
        var next = offset + page.Count;
        var properties = Properties(shape!);
        return Response("FindItem", Success("FindItem",
            new XElement(M + "RootFolder",
                new XAttribute("IndexedPagingOffset", next),
                new XAttribute("TotalItemsInView", all.Count),
                new XAttribute("IncludesLastItemInRange", next >= all.Count ? "true" : "false"),
                new XElement(T + "Items", page.Select(i => ItemElement(i, properties))))));
    }

    private XElement GetItem(XElement body)
    {
        Order(body, M + "ItemShape", M + "ItemIds");
        var shape = body.Element(M + "ItemShape");
        Require(shape?.Element(T + "BaseShape") is not null, "GetItem needs ItemShape/BaseShape.");
        Order(shape!, T + "BaseShape", T + "IncludeMimeContent", T + "BodyType", T + "FilterHtmlContent", T + "ConvertHtmlCodePageToUTF8", T + "AdditionalProperties");
        var includeMime = (bool?)shape!.Element(T + "IncludeMimeContent") ?? false;
        var messages = Answer("GetItem", ItemIds(body.Element(M + "ItemIds")), id => id.Id, withItems: true, id => Mailbox.Find(id.Id) is { } found
            ? Success("GetItem", new XElement(M + "Items",
                new XElement(T + "Message",
                    includeMime ? new XElement(T + "MimeContent", new XAttribute("CharacterSet", "UTF-8"), Convert.ToBase64String(found.Item.Mime)) : null,
                    new XElement(T + "ItemId", new XAttribute("Id", found.Item.Id), new XAttribute("ChangeKey", found.Item.ChangeKey)),
                    new XElement(T + "Size", found.Item.Mime.Length),
                    new XElement(T + "IsRead", found.Item.IsRead ? "true" : "false"))))
            : Error("GetItem", "ErrorItemNotFound", "The specified object was not found in the store.", null, new XElement(M + "Items")));
        return Response("GetItem", [.. messages]);
    }

    private XElement UpdateItem(XElement body)
    {
        RequireAttribute(body, "MessageDisposition", "SaveOnly", "SendOnly", "SendAndSaveCopy");
        Require(body.Attribute("ConflictResolution") is null || (string?)body.Attribute("ConflictResolution") is "NeverOverwrite" or "AutoResolve" or "AlwaysOverwrite",
            "ConflictResolution has an invalid value.");
        var changes = new List<((string Id, string? ChangeKey) Id, XElement Value)>();
        foreach (var change in body.Element(M + "ItemChanges")?.Elements(T + "ItemChange") ?? [])
        {
            Order(change, T + "ItemId", T + "Updates");
            var id = ItemIds(change).Single();
            var set = change.Element(T + "Updates")?.Element(T + "SetItemField");
            Require(set is not null, "This server's tests update with SetItemField.");
            Order(set!, T + "FieldURI", T + "Message");
            Require((string?)set!.Element(T + "FieldURI")?.Attribute("FieldURI") == "message:IsRead", "The FieldURI must name message:IsRead.");
            var value = set.Element(T + "Message")?.Element(T + "IsRead");
            Require(value is not null, "SetItemField must carry t:Message/t:IsRead, matching its FieldURI.");
            changes.Add((id, value!));
        }

        // The schema holds for the whole request before any item is touched; then each change in order.
        var messages = Answer("UpdateItem", changes, c => c.Id.Id, withItems: true, c =>
        {
            var (id, value) = c;
            if (Mailbox.Find(id.Id) is not { } found)
            {
                return Error("UpdateItem", "ErrorItemNotFound", "The specified object was not found in the store.", null, new XElement(M + "Items"));
            }

            if (id.ChangeKey is not null && id.ChangeKey != found.Item.ChangeKey)
            {
                return Error("UpdateItem", "ErrorIrresolvableConflict", "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.", null, new XElement(M + "Items"));
            }

            found.Item.IsRead = (bool)value;
            found.Item.ChangeVersion++;
            return Success("UpdateItem", new XElement(M + "Items",
                new XElement(T + "Message", new XElement(T + "ItemId", new XAttribute("Id", found.Item.Id), new XAttribute("ChangeKey", found.Item.ChangeKey)))));
        });

        return Response("UpdateItem", [.. messages]);
    }

    private XElement MoveItem(XElement body)
    {
        Order(body, M + "ToFolderId", M + "ItemIds", M + "ReturnNewItemIds");
        var target = Mailbox.Folder(FolderIds(body.Element(M + "ToFolderId")).Single());
        var messages = Answer("MoveItem", ItemIds(body.Element(M + "ItemIds")), id => id.Id, withItems: false, id =>
        {
            if (target is null)
            {
                return Error("MoveItem", "ErrorFolderNotFound", "The specified folder could not be found in the store.");
            }

            if (Mailbox.Find(id.Id) is not { } found)
            {
                return Error("MoveItem", "ErrorItemNotFound", "The specified object was not found in the store.");
            }

            var moved = Mailbox.Move(found.Item, found.Folder, target);
            // The reference page's sample spells the element ItemID; this server copies it.
            return Success("MoveItem", new XElement(M + "Items",
                new XElement(T + "Message", new XElement(T + "ItemID", new XAttribute("Id", moved.Id), new XAttribute("ChangeKey", moved.ChangeKey)))));
        });
        return Response("MoveItem", [.. messages]);
    }

    private XElement DeleteItem(XElement body)
    {
        RequireAttribute(body, "DeleteType", "HardDelete", "SoftDelete", "MoveToDeletedItems");
        var type = (string)body.Attribute("DeleteType")!;
        var messages = Answer("DeleteItem", ItemIds(body.Element(M + "ItemIds")), id => id.Id, withItems: false, id =>
        {
            if (Mailbox.Find(id.Id) is not { } found)
            {
                return Error("DeleteItem", "ErrorItemNotFound", "The specified object was not found in the store.");
            }

            if (type == "MoveToDeletedItems")
            {
                Mailbox.Move(found.Item, found.Folder, Mailbox.DeletedItems);
            }
            else
            {
                Mailbox.Remove(found.Item, found.Folder);
            }

            return Success("DeleteItem");
        });
        return Response("DeleteItem", [.. messages]);
    }

    private XElement SyncFolderItems(XElement body, string version)
    {
        Order(body, M + "ItemShape", M + "SyncFolderId", M + "SyncState", M + "Ignore", M + "MaxChangesReturned", M + "SyncScope", M + "NumberOfDays");
        Require(body.Element(M + "SyncScope") is null || !version.StartsWith("Exchange2007", StringComparison.Ordinal), "SyncScope needs Exchange2010 or later.");
        var shape = body.Element(M + "ItemShape");
        Require(shape?.Element(T + "BaseShape") is not null, "SyncFolderItems needs ItemShape/BaseShape.");
        var maxText = (string?)body.Element(M + "MaxChangesReturned");
        Require(int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) && max is >= 1 and <= 512,
            "MaxChangesReturned is required, 1 to 512.");
        var folder = Mailbox.Folder(FolderIds(body.Element(M + "SyncFolderId")).Single());
        if (folder is null)
        {
            return Response("SyncFolderItems", Error("SyncFolderItems", "ErrorSyncFolderNotFound", "The specified folder could not be found."));
        }

        var result = Mailbox.Sync(folder, (string?)body.Element(M + "SyncState"), max);
        if (result is not { } sync)
        {
            // As the reference page shows: an error message that still carries an empty SyncState.
            return Response("SyncFolderItems", Error("SyncFolderItems", "ErrorInvalidSyncStateData", "Synchronization state data is corrupt or otherwise invalid.", null,
                new XElement(M + "SyncState"), new XElement(M + "IncludesLastItemInRange", "true")));
        }

        var properties = Properties(shape!);
        // Exchange 2010 SP2 and later return the newest first.
        var changes = sync.Created.OrderByDescending(i => i.Sequence).Select(i => new XElement(T + "Create", ItemElement(i, properties)));
        return Response("SyncFolderItems", Success("SyncFolderItems",
            new XElement(M + "SyncState", sync.State),
            new XElement(M + "IncludesLastItemInRange", sync.Last ? "true" : "false"),
            new XElement(M + "Changes", changes)));
    }

    /// <summary>
    /// Answers the items of a many-id request one by one, in order, as Exchange does (ews.md 3.1): an item the test
    /// made refuse (<see cref="TestItem.Refusal"/>) is answered with that error; an error that stops the batch
    /// (access denied, quota, store or connection down) leaves every later item unprocessed, answered with
    /// ResponseClass="Warning" and ErrorBatchProcessingStopped.
    /// </summary>
    private List<XElement> Answer<TInput>(string operation, IEnumerable<TInput> inputs, Func<TInput, string> idOf, bool withItems, Func<TInput, XElement> answer)
    {
        var messages = new List<XElement>();
        var stopped = false;
        foreach (var input in inputs)
        {
            object[] items = withItems ? [new XElement(M + "Items")] : [];
            if (stopped)
            {
                messages.Add(Warning(operation, "ErrorBatchProcessingStopped", "The batch processing was stopped because an earlier item in the request failed.", items));
            }
            else if (Mailbox.Find(idOf(input))?.Item.Refusal is { } code)
            {
                messages.Add(Error(operation, code, RefusalText(code), null, items));
                stopped = StopsBatch.Contains(code);
            }
            else
            {
                messages.Add(answer(input));
            }
        }

        return messages;
    }

    private static readonly HashSet<string> StopsBatch = new(StringComparer.Ordinal)
    {
        "ErrorAccessDenied", "ErrorQuotaExceeded", "ErrorMailboxStoreUnavailable", "ErrorConnectionFailed",
    };

    private static string RefusalText(string code) => code switch
    {
        "ErrorAccessDenied" => "Access is denied. Check credentials and try again.",
        "ErrorQuotaExceeded" => "The mailbox quota has been exceeded.",
        "ErrorMimeContentConversionFailed" => "The MIME content conversion failed.",
        _ => $"The operation failed ({code}).",
    };

    private static HashSet<string> Properties(XElement shape) =>
        (shape.Element(T + "AdditionalProperties")?.Elements(T + "FieldURI") ?? [])
            .Select(f => (string)f.Attribute("FieldURI")!).ToHashSet(StringComparer.Ordinal);

    private static XElement ItemElement(TestItem item, HashSet<string> properties) =>
        new(T + "Message",
            new XElement(T + "ItemId", new XAttribute("Id", item.Id), new XAttribute("ChangeKey", item.ChangeKey)),
            properties.Contains("item:Size") ? new XElement(T + "Size", item.Mime.Length) : null,
            properties.Contains("item:DateTimeReceived") ? new XElement(T + "DateTimeReceived", item.Received.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)) : null,
            properties.Contains("message:IsRead") ? new XElement(T + "IsRead", item.IsRead ? "true" : "false") : null,
            properties.Contains("message:InternetMessageId") ? new XElement(T + "InternetMessageId", MessageIdHeader(item.Mime)) : null);

    private static string? MessageIdHeader(byte[] mime) =>
        Encoding.UTF8.GetString(mime).Split("\r\n").FirstOrDefault(l => l.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))?["Message-ID:".Length..].Trim();

    private static XElement FolderElement(TestFolder folder)
    {
        List<TestItem> items;
        lock (folder.Items)
        {
            items = [.. folder.Items];
        }

        return new XElement(T + "Folder",
            new XElement(T + "FolderId", new XAttribute("Id", folder.Id), new XAttribute("ChangeKey", "AQAAABY")),
            new XElement(T + "DisplayName", folder.Name),
            new XElement(T + "TotalCount", items.Count),
            new XElement(T + "ChildFolderCount", 0),
            new XElement(T + "UnreadCount", items.Count(i => !i.IsRead)));
    }

    private IEnumerable<string> FolderIds(XElement? parent)
    {
        Require(parent is not null && parent.Elements().Any(), "A folder id is required.");
        foreach (var element in parent!.Elements())
        {
            Require(element.Name == T + "DistinguishedFolderId" || element.Name == T + "FolderId", $"'{element.Name}' is not a folder id.");
            var id = (string?)element.Attribute("Id");
            Require(!string.IsNullOrEmpty(id), "A folder id needs its Id attribute.");
            yield return id!;
        }
    }

    private static List<(string Id, string? ChangeKey)> ItemIds(XElement? parent)
    {
        Require(parent is not null, "Item ids are required.");
        var ids = parent!.Elements(T + "ItemId").Select(e => ((string?)e.Attribute("Id") ?? string.Empty, (string?)e.Attribute("ChangeKey"))).ToList();
        Require(ids.Count > 0 && ids.All(i => i.Item1.Length > 0), "Each t:ItemId needs its Id attribute.");
        return ids;
    }

    /// <summary>The children must be among <paramref name="sequence"/> and in its order (the schema's xs:sequence).</summary>
    private static void Order(XElement parent, params XName[] sequence)
    {
        var last = -1;
        foreach (var child in parent.Elements())
        {
            var index = Array.IndexOf(sequence, child.Name);
            Require(index >= 0, $"The element '{parent.Name.LocalName}' has invalid child element '{child.Name}'.");
            Require(index >= last, $"The element '{parent.Name.LocalName}' has child '{child.Name.LocalName}' out of order.");
            last = index;
        }
    }

    private static void RequireAttribute(XElement element, string name, params string[] values)
    {
        var value = (string?)element.Attribute(name);
        Require(value is not null, $"The required attribute '{name}' is missing.");
        Require(values.Contains(value), $"The '{name}' attribute is invalid - the value '{value}' is invalid.");
    }

    private static void Require(bool condition, string violation)
    {
        if (!condition)
        {
            throw new SchemaViolation(violation);
        }
    }

    private sealed class SchemaViolation(string message) : Exception(message);

    private sealed class VersionRefused(string message) : Exception(message);
}
