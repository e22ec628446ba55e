using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.Graph;

/// <summary>
/// Messages: list a folder's, get one (JSON or its MIME with <c>$value</c>: outlook-get-mime-message.md), update it
/// (message-update.md: 200 with the message), move it (message-move.md: 201 with the moved message, which has a new
/// id unless immutable ids were asked for), delete it (message-delete.md: 204; it goes to Deleted Items, and from
/// there to the recoverable items). Ids are found in either form, as Graph accepts both.
/// </summary>
internal static class GraphMessages
{
    /// <summary>What PATCH may change on any message; the rest of message-update.md's table only while a draft.</summary>
    private static readonly HashSet<string> Updatable = new(StringComparer.Ordinal)
    {
        "isRead", "categories", "flag", "importance", "inferenceClassification", "isDeliveryReceiptRequested", "isReadReceiptRequested",
        "bccRecipients", "ccRecipients", "toRecipients", "from", "sender", "multiValueExtendedProperties", "singleValueExtendedProperties",
    };

    private static readonly HashSet<string> DraftOnly = new(StringComparer.Ordinal) { "body", "internetMessageId", "replyTo", "subject" };

    private static readonly IReadOnlySet<string> MoveParameters = new HashSet<string>(StringComparer.Ordinal) { "destinationId" };

    public static (GraphTestMessage? Message, GraphAnswer? Error) Resolve(GraphContext context)
    {
        GraphTestFolder? folder = null;
        if (context.Route.Folders.Count > 0)
        {
            var (found, error) = GraphFolders.Resolve(context);
            if (found is null)
            {
                return (null, error);
            }

            folder = found;
        }

        var id = context.Route.MessageId!;
        var message = context.Mailbox.Find(id);
        if (message is null || (folder is not null && message.FolderId != folder.Id))
        {
            return (null, GraphFolders.LooksLikeId(id) ? GraphError.ItemNotFound() : GraphError.InvalidId());
        }

        return (message, null);
    }

    public static GraphAnswer List(GraphContext context)
    {
        GraphTestFolder? folder = null;
        if (context.Route.Folders.Count > 0)
        {
            var (found, error) = GraphFolders.Resolve(context);
            if (found is null)
            {
                return error!;
            }

            folder = found;
        }

        var (select, selectError) = GraphJson.ReadSelect(context.Query("$select"));
        if (selectError is not null)
        {
            return selectError;
        }

        if (!GraphFolders.TryReadCount(context.Query("$top"), "$top", out var top, out var error2)
            || !GraphFolders.TryReadCount(context.Query("$skip"), "$skip", out var skip, out error2))
        {
            return error2!;
        }

        var mailbox = context.Mailbox;
        IReadOnlyList<GraphTestMessage> messages;
        lock (mailbox.Gate)
        {
            messages = folder is null ? [.. mailbox.AllMessages] : mailbox.MessagesIn(folder.Id);
        }

        // Outlook lists newest first unless asked otherwise.
        var ordered = messages.OrderByDescending(m => m.ReceivedDateTime).ThenByDescending(m => m.Key).ToList();
        var pageSize = top ?? context.Call.Prefer.MaxPageSize ?? context.Server.Options.DefaultPageSize;
        var page = ordered.Skip(skip ?? 0).Take(pageSize).ToList();
        var json = new JsonObject { ["@odata.context"] = context.LinkBase + "$metadata#" + GraphFolders.Context(context) + "/messages" };
        var next = (skip ?? 0) + page.Count;
        if (next < ordered.Count)
        {
            var path = folder is null ? $"{context.MailboxPath}/messages" : $"{context.MailboxPath}/mailFolders/{Uri.EscapeDataString(folder.Id)}/messages";
            var query = new StringBuilder();
            if (context.Query("$select") is { } s)
            {
                query.Append("$select=").Append(Uri.EscapeDataString(s)).Append('&');
            }

            if (top is not null)
            {
                query.Append("$top=").Append(top.Value.ToString(CultureInfo.InvariantCulture)).Append('&');
            }

            query.Append("$skip=").Append(next.ToString(CultureInfo.InvariantCulture));
            json["@odata.nextLink"] = context.LinkBase + path + "?" + query;
        }

        json["value"] = new JsonArray([.. page.Select(m => (JsonNode)GraphJson.Message(m, context.ImmutableIds, select))]);
        var answer = GraphAnswer.Ok(json);
        if (top is null && context.Call.Prefer.MaxPageSize is { } applied)
        {
            answer.With("Preference-Applied", "odata.maxpagesize=" + applied.ToString(CultureInfo.InvariantCulture));
        }

        return answer;
    }

    public static GraphAnswer Get(GraphContext context)
    {
        var (message, error) = Resolve(context);
        if (message is null)
        {
            return error!;
        }

        var (select, selectError) = GraphJson.ReadSelect(context.Query("$select"));
        if (selectError is not null)
        {
            return selectError;
        }

        return GraphAnswer.Ok(WithContext(context, GraphJson.Message(message, context.ImmutableIds, select)));
    }

    public static GraphAnswer Mime(GraphContext context)
    {
        var (message, error) = Resolve(context);
        return message is null ? error! : GraphAnswer.Bytes(message.Mime, "text/plain");
    }

    public static GraphAnswer Update(GraphContext context)
    {
        var (message, error) = Resolve(context);
        if (message is null)
        {
            return error!;
        }

        var (body, bodyError) = GraphBody.ReadObject(context.Call, "microsoft.graph.message", GraphJson.MessageProperties);
        if (body is null)
        {
            return bodyError!;
        }

        foreach (var (name, _) in body)
        {
            if (name.StartsWith('@'))
            {
                continue;
            }

            if (DraftOnly.Contains(name) && !message.IsDraft)
            {
                return GraphError.Create(400, "ErrorInvalidPropertyUpdateSentMessage", "Update operation is invalid for property of a sent message.");
            }

            if (!Updatable.Contains(name) && !DraftOnly.Contains(name))
            {
                return GraphError.Create(400, "ErrorInvalidProperty", $"The property '{name}' is read-only and cannot be updated.");
            }
        }

        var (isRead, readError) = GraphBody.Bool(body, "isRead", "microsoft.graph.message");
        if (readError is not null)
        {
            return readError;
        }

        IReadOnlyList<string>? categories = null;
        if (body["categories"] is JsonArray list)
        {
            if (list.Any(c => c is null || c.GetValueKind() != JsonValueKind.String))
            {
                return GraphError.RequestBodyRead("Cannot convert a value of 'categories' to the expected type 'Edm.String'.");
            }

            categories = [.. list.Select(c => c!.GetValue<string>())];
        }

        var mailbox = context.Mailbox;
        GraphTestMessage updated;
        lock (mailbox.Gate)
        {
            var current = mailbox.FindLocked(message.ImmutableId);
            if (current is null)
            {
                return GraphError.ItemNotFound();
            }

            updated = mailbox.Replace(current with
            {
                IsRead = isRead ?? current.IsRead,
                Categories = categories ?? current.Categories,
                Importance = GraphBody.Text(body, "importance")?.ToLowerInvariant() ?? current.Importance,
                InferenceClassification = GraphBody.Text(body, "inferenceClassification") ?? current.InferenceClassification,
                FlagStatus = body["flag"] is JsonObject flag && GraphBody.Text(flag, "flagStatus") is { } status ? status : current.FlagStatus,
            });
        }

        return GraphAnswer.Ok(WithContext(context, GraphJson.Message(updated, context.ImmutableIds, null)));
    }

    public static GraphAnswer Move(GraphContext context)
    {
        var (message, error) = Resolve(context);
        if (message is null)
        {
            return error!;
        }

        var (body, bodyError) = GraphBody.ReadObject(context.Call, "microsoft.graph.message.move", MoveParameters);
        if (body is null)
        {
            return bodyError!;
        }

        var destination = GraphBody.Text(body, "destinationId");
        if (string.IsNullOrEmpty(destination))
        {
            return GraphError.Create(400, "ErrorInvalidParameter", "The value of the parameter 'DestinationId' is empty.");
        }

        var mailbox = context.Mailbox;
        GraphTestMessage moved;
        lock (mailbox.Gate)
        {
            var folder = mailbox.ResolveFolder(destination);
            if (folder is null)
            {
                return GraphFolders.LooksLikeId(destination) ? GraphError.ItemNotFound() : GraphError.InvalidId();
            }

            var current = mailbox.FindLocked(message.ImmutableId);
            if (current is null)
            {
                return GraphError.ItemNotFound();
            }

            moved = mailbox.MoveLocked(current, folder.Id);
        }

        return GraphAnswer.Ok(WithContext(context, GraphJson.Message(moved, context.ImmutableIds, null)), 201);
    }

    public static GraphAnswer Delete(GraphContext context)
    {
        var (message, error) = Resolve(context);
        if (message is null)
        {
            return error!;
        }

        var mailbox = context.Mailbox;
        lock (mailbox.Gate)
        {
            var current = mailbox.FindLocked(message.ImmutableId);
            if (current is null)
            {
                return GraphError.ItemNotFound();
            }

            var deleted = mailbox.ResolveFolder("deleteditems")!;
            var recoverable = mailbox.ResolveFolder("recoverableitemsdeletions")!;
            if (current.FolderId == recoverable.Id)
            {
                mailbox.RemoveLocked(current);
            }
            else
            {
                mailbox.MoveLocked(current, current.FolderId == deleted.Id ? recoverable.Id : deleted.Id);
            }
        }

        return GraphAnswer.Empty(204);
    }

    private static JsonObject WithContext(GraphContext context, JsonObject message)
    {
        message.Insert(0, "@odata.context", context.LinkBase + "$metadata#" + GraphFolders.Context(context) + "/messages/$entity");
        return message;
    }
}
