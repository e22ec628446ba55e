using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.Graph;

/// <summary>Reads a JSON request body as Graph's OData layer does: an object, only the type's properties.</summary>
internal static class GraphBody
{
    public static (JsonObject? Body, GraphAnswer? Error) ReadObject(GraphCall call, string type, IReadOnlySet<string> properties)
    {
        if (!call.ContentTypeIs("application/json"))
        {
            return (null, GraphError.Create(415, "UnsupportedMediaType", "A supported MIME type could not be found that matches the content type of the request. The content type is '"
                + (call.ContentType ?? "") + "'."));
        }

        JsonNode? node;
        try
        {
            node = call.Body.Length == 0 ? null : JsonNode.Parse(call.Body);
        }
        catch (JsonException e)
        {
            return (null, GraphError.RequestBodyRead("Invalid JSON. " + e.Message));
        }

        if (node is not JsonObject body)
        {
            return (null, GraphError.RequestBodyRead("Invalid JSON. A JSON object was expected in the request body."));
        }

        foreach (var (name, _) in body)
        {
            if (!name.StartsWith('@') && !properties.Contains(name))
            {
                return (null, GraphError.RequestBodyRead(
                    $"The property '{name}' does not exist on type '{type}'. Make sure to only use property names that are defined by the type or mark the type as open type."));
            }
        }

        return (body, null);
    }

    /// <summary>A property's value as a bool; the error when it is there but not a JSON boolean.</summary>
    public static (bool? Value, GraphAnswer? Error) Bool(JsonObject body, string name, string type)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return (null, null);
        }

        return node.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? (node.GetValue<bool>(), null)
            : (null, GraphError.RequestBodyRead($"Cannot convert the literal '{node.ToJsonString().Trim('"')}' to the expected type 'Edm.Boolean'."));
    }

    public static string? Text(JsonObject body, string name) =>
        body.TryGetPropertyValue(name, out var node) && node is not null && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
}
