using System.Text;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.Graph;

/// <summary>An answer to a <see cref="GraphCall"/>: status, headers and a JSON or raw body.</summary>
internal sealed class GraphAnswer
{
    public const string JsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    private GraphAnswer(int status, JsonNode? json, byte[]? raw, string? contentType)
    {
        Status = status;
        Json = json;
        Raw = raw;
        ContentType = contentType;
    }

    public int Status { get; }

    public JsonNode? Json { get; }

    public byte[]? Raw { get; }

    public string? ContentType { get; }

    /// <summary>Close the connection instead of answering (<see cref="GraphFault.DropConnection"/>).</summary>
    public bool Drop { get; init; }

    /// <summary>Close the connection half way through the body (<see cref="GraphFault.CutBody"/>).</summary>
    public bool Cut { get; set; }

    public static GraphAnswer Dropped() => new(0, null, null, null) { Drop = true };

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static GraphAnswer Ok(JsonNode json, int status = 200) => new(status, json, null, JsonContentType);

    public static GraphAnswer Bytes(byte[] raw, string contentType) => new(200, null, raw, contentType);

    public static GraphAnswer Empty(int status) => new(status, null, null, null);

    public GraphAnswer With(string header, string value)
    {
        Headers[header] = value;
        return this;
    }

    public byte[] BodyBytes() => Raw ?? (Json is null ? [] : Encoding.UTF8.GetBytes(Json.ToJsonString()));
}
