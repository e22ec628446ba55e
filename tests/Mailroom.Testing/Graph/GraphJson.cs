using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.Graph;

/// <summary>The JSON of Graph's mailFolder and message resources, as the reference pages show them.</summary>
internal static class GraphJson
{
    /// <summary>The message properties this server knows (a <c>$select</c> of any other is refused as Graph does).</summary>
    public static readonly IReadOnlySet<string> MessageProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "receivedDateTime", "sentDateTime",
        "hasAttachments", "internetMessageId", "subject", "bodyPreview", "importance", "parentFolderId", "conversationId",
        "conversationIndex", "isDeliveryReceiptRequested", "isReadReceiptRequested", "isRead", "isDraft", "webLink",
        "inferenceClassification", "body", "uniqueBody", "sender", "from", "toRecipients", "ccRecipients", "bccRecipients",
        "replyTo", "flag", "internetMessageHeaders",
    };

    public static JsonObject Folder(GraphTestFolder folder, (int Children, int Unread, int Total, long Size) counts) => new()
    {
        ["id"] = folder.Id,
        ["displayName"] = folder.DisplayName,
        ["parentFolderId"] = folder.ParentFolderId,
        ["childFolderCount"] = counts.Children,
        ["unreadItemCount"] = counts.Unread,
        ["totalItemCount"] = counts.Total,
        ["sizeInBytes"] = counts.Size,
        ["isHidden"] = folder.IsHidden,
    };

    /// <summary>Reads a <c>$select</c>; null means every default property. The error when it names an unknown one.</summary>
    public static (IReadOnlyList<string>? Select, GraphAnswer? Error) ReadSelect(string? select)
    {
        if (string.IsNullOrWhiteSpace(select))
        {
            return (null, null);
        }

        var names = select.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            if (!MessageProperties.Contains(name))
            {
                return (null, GraphError.Create(400, "RequestBroker--ParseUri", $"Could not find a property named '{name}' on type 'microsoft.graph.message'."));
            }
        }

        return (names, null);
    }

    public static JsonObject Message(GraphTestMessage message, bool immutableIds, IReadOnlyList<string>? select, bool withType = false)
    {
        var all = Properties(message, immutableIds);
        var json = new JsonObject();
        if (withType)
        {
            json["@odata.type"] = "#microsoft.graph.message";
        }

        json["@odata.etag"] = $"W/\"{ChangeKey(message)}\"";
        json["id"] = Id(message, immutableIds);
        var wanted = select ?? all.Keys.Where(k => k != "internetMessageHeaders" && k != "uniqueBody").ToList();
        foreach (var name in wanted)
        {
            var property = all.Keys.First(k => k.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (property != "id")
            {
                json[property] = all[property]?.DeepClone();
            }
        }

        return json;
    }

    public static string Id(GraphTestMessage message, bool immutableIds) => immutableIds ? message.ImmutableId : message.RestId;

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string ChangeKey(GraphTestMessage message) =>
        "CQAAABYAAA" + Convert.ToBase64String(BitConverter.GetBytes(message.Key * 1_000_003 + message.Version));

    private static Dictionary<string, JsonNode?> Properties(GraphTestMessage message, bool immutableIds)
    {
        var summary = message.Summary;
        var id = Id(message, immutableIds);
        return new Dictionary<string, JsonNode?>
        {
            ["id"] = id,
            ["createdDateTime"] = Time(message.CreatedDateTime),
            ["lastModifiedDateTime"] = Time(message.LastModifiedDateTime),
            ["changeKey"] = ChangeKey(message),
            ["categories"] = new JsonArray([.. message.Categories.Select(c => JsonValue.Create(c))]),
            ["receivedDateTime"] = Time(message.ReceivedDateTime),
            ["sentDateTime"] = Time(message.SentDateTime),
            ["hasAttachments"] = summary.HasAttachments,
            ["internetMessageId"] = message.InternetMessageId,
            ["subject"] = message.Subject,
            ["bodyPreview"] = summary.BodyPreview,
            ["importance"] = message.Importance,
            ["parentFolderId"] = message.FolderId,
            ["conversationId"] = "AAQkAD" + Convert.ToBase64String(Encoding.UTF8.GetBytes(NormalSubject(message.Subject))).TrimEnd('='),
            ["conversationIndex"] = Convert.ToBase64String(BitConverter.GetBytes(message.Key)),
            ["isDeliveryReceiptRequested"] = false,
            ["isReadReceiptRequested"] = false,
            ["isRead"] = message.IsRead,
            ["isDraft"] = message.IsDraft,
            ["webLink"] = "https://outlook.office365.com/owa/?ItemID=" + Uri.EscapeDataString(id) + "&exvsurl=1&viewmodel=ReadMessageItem",
            ["inferenceClassification"] = message.InferenceClassification,
            ["body"] = new JsonObject { ["contentType"] = summary.BodyContentType, ["content"] = summary.BodyContent },
            ["uniqueBody"] = new JsonObject { ["contentType"] = summary.BodyContentType, ["content"] = summary.BodyContent },
            ["sender"] = Recipient(summary.Sender),
            ["from"] = Recipient(summary.From),
            ["toRecipients"] = Recipients(summary.To),
            ["ccRecipients"] = Recipients(summary.Cc),
            ["bccRecipients"] = Recipients(summary.Bcc),
            ["replyTo"] = Recipients(summary.ReplyTo),
            ["flag"] = new JsonObject { ["flagStatus"] = message.FlagStatus },
            ["internetMessageHeaders"] = new JsonArray([.. summary.Headers.Select(h => (JsonNode)new JsonObject { ["name"] = h.Name, ["value"] = h.Value })]),
        };
    }

    private static string NormalSubject(string subject)
    {
        var s = subject.Trim();
        while (s.Length > 3 && (s.StartsWith("RE:", StringComparison.OrdinalIgnoreCase) || s.StartsWith("FW:", StringComparison.OrdinalIgnoreCase)))
        {
            s = s[3..].TrimStart();
        }

        return s;
    }

    private static JsonNode? Recipient((string Name, string Address)? who) => who is { } r
        ? new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = r.Name.Length > 0 ? r.Name : r.Address, ["address"] = r.Address } }
        : null;

    private static JsonArray Recipients(IReadOnlyList<(string Name, string Address)> list) => [.. list.Select(r => Recipient(r))];
}
