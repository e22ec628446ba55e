using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Mailroom.Testing.Graph;

namespace Mailroom.Mail.Tests.Graph.Server;

/// <summary>A plain HttpClient on a <see cref="GraphTestServer"/>, so the server's own tests see exactly what any
/// client gets on the wire (no Mailroom code in between).</summary>
internal sealed class GraphHttp : IDisposable
{
    public const string Immutable = "IdType=\"ImmutableId\"";

    private readonly HttpClient _client;

    public GraphHttp(GraphTestServer server, string? token)
    {
        _client = new HttpClient { BaseAddress = new Uri(server.GraphUrl + "/v1.0/") };
        if (token is not null)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Task<GraphReply> GetAsync(string url, string? prefer = null) => SendAsync(HttpMethod.Get, url, null, prefer);

    public Task<GraphReply> SendJsonAsync(HttpMethod method, string url, JsonNode body, string? prefer = null) =>
        SendAsync(method, url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), prefer);

    public async Task<GraphReply> SendAsync(HttpMethod method, string url, HttpContent? content, string? prefer = null, string? clientRequestId = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (prefer is not null)
        {
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        }

        if (clientRequestId is not null)
        {
            request.Headers.Add("client-request-id", clientRequestId);
        }

        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new GraphReply(response.StatusCode, response.Headers, response.Content.Headers, body);
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>An answer as received.</summary>
internal sealed record GraphReply(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, byte[] Body)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The answer has no JSON body.");

    public string? ErrorCode => Json["error"]?["code"]?.GetValue<string>();

    public string? ErrorMessage => Json["error"]?["message"]?.GetValue<string>();

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) || ContentHeaders.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    public JsonArray Values => Json["value"]!.AsArray();

    public override string ToString() => $"{(int)Status} {Encoding.UTF8.GetString(Body)}";
}
