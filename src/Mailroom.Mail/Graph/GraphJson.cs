using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mailroom.Mail.Graph;

/// <summary>The few Graph v1.0 shapes Mailroom reads and writes, serialized by source generation.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    // Graph sends booleans as strings in places ("isRead": "true" appears in its own delta samples).
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GraphErrorBody))]
[JsonSerializable(typeof(GraphDeltaPage))]
[JsonSerializable(typeof(GraphFolder))]
[JsonSerializable(typeof(GraphFolderPage))]
[JsonSerializable(typeof(GraphNewFolder))]
[JsonSerializable(typeof(GraphBatchRequest))]
[JsonSerializable(typeof(GraphBatchResponse))]
[JsonSerializable(typeof(GraphReadFlag))]
[JsonSerializable(typeof(GraphMoveRequest))]
internal sealed partial class GraphJson : JsonSerializerContext;

internal sealed record GraphErrorBody(GraphError? Error);

internal sealed record GraphError(string? Code, string? Message, [property: JsonPropertyName("innerError")] GraphError? InnerError);

internal sealed record GraphDeltaPage(
    [property: JsonPropertyName("value")] IReadOnlyList<GraphDeltaMessage>? Value,
    [property: JsonPropertyName("@odata.nextLink")] string? NextLink,
    [property: JsonPropertyName("@odata.deltaLink")] string? DeltaLink);

internal sealed record GraphDeltaMessage(
    string? Id,
    string? InternetMessageId,
    [property: JsonConverter(typeof(LenientBooleanConverter))] bool? IsRead,
    DateTimeOffset? ReceivedDateTime,
    [property: JsonPropertyName("@removed")] JsonElement? Removed);

internal sealed record GraphFolder(string? Id, string? DisplayName, string? ParentFolderId, int? ChildFolderCount, int? UnreadItemCount, int? TotalItemCount);

internal sealed record GraphFolderPage(
    [property: JsonPropertyName("value")] IReadOnlyList<GraphFolder>? Value,
    [property: JsonPropertyName("@odata.nextLink")] string? NextLink);

internal sealed record GraphNewFolder(string DisplayName);

internal sealed record GraphReadFlag(bool IsRead);

internal sealed record GraphMoveRequest(string DestinationId);

internal sealed record GraphBatchRequest(IReadOnlyList<GraphBatchItem> Requests);

internal sealed record GraphBatchItem(string Id, string Method, string Url, IReadOnlyDictionary<string, string>? Headers, JsonElement? Body);

internal sealed record GraphBatchResponse(IReadOnlyList<GraphBatchResult>? Responses);

internal sealed record GraphBatchResult(string? Id, int Status, IReadOnlyDictionary<string, string>? Headers, JsonElement? Body);

/// <summary>Reads <c>true</c>, <c>false</c>, <c>"true"</c> and <c>"false"</c>; anything else is unknown (null).</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String when bool.TryParse(reader.GetString(), out var value) => value,
        _ => SkipUnknown(ref reader),
    };

    private static bool? SkipUnknown(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } b)
        {
            writer.WriteBooleanValue(b);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
