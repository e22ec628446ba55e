using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.Graph;

/// <summary>
/// Mail folders: list the root's children (user-list-mailfolders.md) or a folder's (mailfolder-list-childfolders.md),
/// hidden ones only with <c>includeHiddenFolders=true</c>, 10 a page unless <c>$top</c> says otherwise, with
/// <c>$filter=displayName eq '...'</c>; get one by id or well-known name (mailfolder-get.md); create one under the
/// root or a folder (user-post-mailfolders.md; 409 <c>ErrorFolderExists</c> when a sibling has the name).
/// </summary>
internal static class GraphFolders
{
    private static readonly IReadOnlySet<string> Writable = new HashSet<string>(StringComparer.Ordinal) { "displayName", "isHidden" };

    /// <summary>The folder a route's <c>mailFolders/{id}[/childFolders/{id}...]</c> names, or the error answer.</summary>
    public static (GraphTestFolder? Folder, GraphAnswer? Error) Resolve(GraphContext context)
    {
        var mailbox = context.Mailbox;
        lock (mailbox.Gate)
        {
            GraphTestFolder? folder = null;
            foreach (var key in context.Route.Folders)
            {
                var found = folder is null
                    ? mailbox.ResolveFolder(key)
                    : mailbox.ChildrenOf(folder.Id).FirstOrDefault(f => f.Id == key);
                if (found is null)
                {
                    return (null, LooksLikeId(key) ? GraphError.ItemNotFound() : GraphError.InvalidId());
                }

                folder = found;
            }

            return (folder ?? mailbox.Root, null);
        }
    }

    /// <summary>Outlook's ids are long base64; anything else that is no well-known name is refused as malformed.</summary>
    public static bool LooksLikeId(string key) =>
        key.Length >= 20 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '=' or '+' or '/');

    public static GraphAnswer List(GraphContext context)
    {
        var (parent, error) = Resolve(context);
        if (parent is null)
        {
            return error!;
        }

        var includeHidden = context.Query("includeHiddenFolders") is { } hidden && hidden.Equals("true", StringComparison.OrdinalIgnoreCase);
        var (filter, filterError) = ReadFilter(context.Query("$filter"));
        if (filterError is not null)
        {
            return filterError;
        }

        if (!TryReadCount(context.Query("$top"), "$top", out var top, out var topError) || !TryReadCount(context.Query("$skip"), "$skip", out var skip, out topError))
        {
            return topError!;
        }

        var mailbox = context.Mailbox;
        JsonArray values;
        int total;
        lock (mailbox.Gate)
        {
            var folders = mailbox.ChildrenOf(parent.Id)
                .Where(f => includeHidden || !f.IsHidden)
                .Where(f => filter is null || f.DisplayName.Equals(filter, StringComparison.OrdinalIgnoreCase))
                .ToList();
            total = folders.Count;
            values = [.. folders.Skip(skip ?? 0).Take(top ?? context.Server.Options.DefaultPageSize)
                .Select(f => (JsonNode)GraphJson.Folder(f, mailbox.CountsOf(f.Id)))];
        }

        var collection = context.Route.ChildFolders
            ? $"{context.MailboxPath}/mailFolders/{Uri.EscapeDataString(parent.Id)}/childFolders"
            : $"{context.MailboxPath}/mailFolders";
        var json = new JsonObject { ["@odata.context"] = context.LinkBase + "$metadata#" + Context(context) + (context.Route.ChildFolders ? $"/mailFolders('{parent.Id}')/childFolders" : "/mailFolders") };
        var next = (skip ?? 0) + values.Count;
        if (next < total)
        {
            var query = new StringBuilder();
            if (includeHidden)
            {
                query.Append("includeHiddenFolders=true&");
            }

            if (context.Query("$filter") is { } f)
            {
                query.Append("$filter=").Append(Uri.EscapeDataString(f)).Append('&');
            }

            if (top is not null)
            {
                query.Append("$top=").Append(top.Value.ToString(CultureInfo.InvariantCulture)).Append('&');
            }

            query.Append("$skip=").Append(next.ToString(CultureInfo.InvariantCulture));
            json["@odata.nextLink"] = context.LinkBase + collection + "?" + query;
        }

        json["value"] = values;
        return GraphAnswer.Ok(json);
    }

    public static GraphAnswer Get(GraphContext context)
    {
        var (folder, error) = Resolve(context);
        if (folder is null)
        {
            return error!;
        }

        JsonObject json;
        lock (context.Mailbox.Gate)
        {
            json = GraphJson.Folder(folder, context.Mailbox.CountsOf(folder.Id));
        }

        json.Insert(0, "@odata.context", context.LinkBase + "$metadata#" + Context(context) + "/mailFolders/$entity");
        return GraphAnswer.Ok(json);
    }

    public static GraphAnswer Create(GraphContext context)
    {
        var (parent, error) = Resolve(context);
        if (parent is null)
        {
            return error!;
        }

        var (body, bodyError) = GraphBody.ReadObject(context.Call, "microsoft.graph.mailFolder", Writable);
        if (body is null)
        {
            return bodyError!;
        }

        var (hidden, hiddenError) = GraphBody.Bool(body, "isHidden", "microsoft.graph.mailFolder");
        if (hiddenError is not null)
        {
            return hiddenError;
        }

        var name = GraphBody.Text(body, "displayName");
        if (string.IsNullOrWhiteSpace(name))
        {
            return GraphError.Create(400, "ErrorInvalidRequest", "The request is invalid: displayName must be a non-empty string.");
        }

        var mailbox = context.Mailbox;
        JsonObject json;
        lock (mailbox.Gate)
        {
            if (mailbox.ChildNamed(parent.Id, name) is not null)
            {
                return GraphError.Create(409, "ErrorFolderExists", "A folder with the specified name already exists.");
            }

            var folder = mailbox.AddFolder(name, parent.Id, null, hidden ?? false);
            json = GraphJson.Folder(folder, mailbox.CountsOf(folder.Id));
        }

        json.Insert(0, "@odata.context", context.LinkBase + "$metadata#" + Context(context) + "/mailFolders/$entity");
        return GraphAnswer.Ok(json, 201);
    }

    /// <summary>The <c>users('...')</c> part of an <c>@odata.context</c>.</summary>
    public static string Context(GraphContext context) => $"users('{Uri.EscapeDataString(context.Mailbox.Id)}')";

    /// <summary>A non-negative integer query option, or the error naming it.</summary>
    public static bool TryReadCount(string? value, string name, out int? count, out GraphAnswer? error)
    {
        count = null;
        error = null;
        if (value is null)
        {
            return true;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            count = parsed;
            return true;
        }

        error = GraphError.BadRequest($"Invalid value '{value}' for the query option '{name}': a non-negative integer was expected.");
        return false;
    }

    /// <summary>The one filter folders need: <c>displayName eq '...'</c> (an OData string: '' is a quote).</summary>
    private static (string? Name, GraphAnswer? Error) ReadFilter(string? filter)
    {
        if (filter is null)
        {
            return (null, null);
        }

        var text = filter.Trim();
        const string Property = "displayName";
        if (text.StartsWith(Property, StringComparison.OrdinalIgnoreCase))
        {
            var rest = text[Property.Length..].TrimStart();
            if (rest.StartsWith("eq ", StringComparison.OrdinalIgnoreCase))
            {
                var literal = rest[3..].Trim();
                if (literal.Length >= 2 && literal[0] == '\'' && literal[^1] == '\'')
                {
                    var inner = literal[1..^1];
                    if (!inner.Replace("''", "").Contains('\''))
                    {
                        return (inner.Replace("''", "'"), null);
                    }
                }
            }
        }

        return (null, GraphError.BadRequest($"Invalid filter clause: '{filter}' is not supported here; use displayName eq '...'."));
    }
}
