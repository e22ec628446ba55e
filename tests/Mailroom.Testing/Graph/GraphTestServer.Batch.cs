using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.Graph;

/// <summary>
/// <c>POST /v1.0/$batch</c> (json-batching.md): up to 20 requests, each with a unique <c>id</c>, a <c>method</c>, a
/// <c>url</c> relative to the version, optional <c>headers</c> and a <c>body</c> (which needs a Content-Type), and
/// optional <c>dependsOn</c>. A malformed batch is refused as a whole with 400; otherwise the answer is 200 and each
/// request has its own status, headers and body: a request whose dependency failed gets 424, and each request meets
/// Outlook's limits and injected faults on its own (throttling.md: one may get 429 while the others succeed). The
/// requests run one after another, dependencies first, so a batch answers the same way every time; they do not
/// inherit the batch's headers (a request that wants immutable ids says so itself), only its token.
/// </summary>
public sealed partial class GraphTestServer
{
    private async Task<GraphAnswer> BatchAsync(GraphCall call)
    {
        if (call.Method != "POST")
        {
            return Finish(call, GraphRequestKind.Batch, null, GraphError.MethodNotAllowed());
        }

        if (TakeServerFault(GraphRequestKind.Batch) is { } fault)
        {
            return Finish(call, GraphRequestKind.Batch, null, fault.Mode == GraphFaultMode.Answer ? FaultAnswer(fault) : GraphAnswer.Dropped());
        }

        var (requests, error) = ReadBatch(call);
        if (requests is null)
        {
            return Finish(call, GraphRequestKind.Batch, null, error!);
        }

        var statuses = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var responses = new JsonArray();
        foreach (var request in requests)
        {
            GraphAnswer answer;
            if (request.DependsOn.Any(d => statuses[d] >= 400))
            {
                answer = GraphError.Create(424, "FailedDependency", "The request could not be completed because a request it depends on failed.");
            }
            else if (request.Url.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || request.Url.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
            {
                answer = GraphError.BadRequest("Invalid request URL: a batch request's url is relative to the version, such as /users/{id}/messages.");
            }
            else if (IsBatch(request.Url.TrimStart('/')))
            {
                answer = GraphError.BadRequest("A batch request cannot contain another batch.");
            }
            else
            {
                var inner = new GraphCall(request.Method, request.Url.TrimStart('/'), request.Headers, request.Body, call.Identity, InBatch: true);
                answer = await DispatchAsync(inner);
                if (answer.Drop || answer.Cut)
                {
                    // One connection carries the whole batch: losing it loses every answer.
                    return Finish(call, GraphRequestKind.Batch, null, GraphAnswer.Dropped());
                }
            }

            var requestId = Guid.NewGuid().ToString();
            GraphError.Complete(answer, requestId, call.Header("client-request-id") ?? requestId, Options.Clock.GetUtcNow());
            statuses[request.Id] = answer.Status;
            responses.Add(Response(request.Id, answer));
        }

        return Finish(call, GraphRequestKind.Batch, null, GraphAnswer.Ok(new JsonObject { ["responses"] = responses }));
    }

    private static JsonObject Response(string id, GraphAnswer answer)
    {
        var headers = new JsonObject { ["Cache-Control"] = "no-cache" };
        foreach (var (name, value) in answer.Headers)
        {
            headers[name] = value;
        }

        var response = new JsonObject { ["id"] = id, ["status"] = answer.Status, ["headers"] = headers };
        if (answer.Json is not null)
        {
            headers["Content-Type"] = answer.ContentType;
            response["body"] = answer.Json.DeepClone();
        }
        else if (answer.Raw is not null)
        {
            // A body that is not JSON (a message's MIME) comes base64-encoded, as json-batching.md says bodies may.
            headers["Content-Type"] = answer.ContentType;
            response["body"] = Convert.ToBase64String(answer.Raw);
        }

        return response;
    }

    private (List<BatchRequest>?, GraphAnswer?) ReadBatch(GraphCall call)
    {
        static (List<BatchRequest>?, GraphAnswer?) Invalid(string why) => (null, GraphError.BadRequest("Invalid batch payload format: " + why));

        if (!call.ContentTypeIs("application/json"))
        {
            return Invalid("the Content-Type must be application/json.");
        }

        JsonObject? root;
        try
        {
            root = JsonNode.Parse(call.Body) as JsonObject;
        }
        catch (JsonException)
        {
            root = null;
        }

        if (root?["requests"] is not JsonArray list)
        {
            return Invalid("the body must be an object with a 'requests' array.");
        }

        if (list.Count > Options.MaxBatchRequests)
        {
            return Invalid($"a batch holds at most {Options.MaxBatchRequests} requests; this one has {list.Count}.");
        }

        var requests = new List<BatchRequest>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in list)
        {
            if (node is not JsonObject item)
            {
                return Invalid("each request must be an object.");
            }

            var id = Text(item["id"]);
            var method = Text(item["method"])?.ToUpperInvariant();
            var url = Text(item["url"]);
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(method) || string.IsNullOrEmpty(url))
            {
                return Invalid("each request needs an id, a method and a url.");
            }

            if (!ids.Add(id))
            {
                return Invalid($"the request id '{id}' is used twice; ids must be unique in a batch.");
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (item["headers"] is JsonObject given)
            {
                foreach (var (name, value) in given)
                {
                    headers[name] = Text(value) ?? value?.ToJsonString() ?? "";
                }
            }

            byte[] body = [];
            if (item["body"] is { } content)
            {
                if (!headers.ContainsKey("Content-Type"))
                {
                    return Invalid($"Write request id : {id} does not contain Content-Type header or body.");
                }

                body = Body(content, headers["Content-Type"]);
            }

            var dependsOn = item["dependsOn"] is JsonArray deps ? deps.Select(Text).OfType<string>().ToList() : [];
            requests.Add(new BatchRequest(id, method, url, headers, body, dependsOn));
        }

        foreach (var request in requests)
        {
            if (request.DependsOn.FirstOrDefault(d => !ids.Contains(d) || d.Equals(request.Id, StringComparison.OrdinalIgnoreCase)) is { } missing)
            {
                return Invalid($"the request '{request.Id}' depends on '{missing}', which is not another request of the batch.");
            }
        }

        return Order(requests) is { } ordered ? (ordered, null) : Invalid("the requests' dependsOn form a cycle.");
    }

    /// <summary>Dependencies first, otherwise in the order given; null when they form a cycle.</summary>
    private static List<BatchRequest>? Order(List<BatchRequest> requests)
    {
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ordered = new List<BatchRequest>();
        while (ordered.Count < requests.Count)
        {
            var next = requests.FirstOrDefault(r => !done.Contains(r.Id) && r.DependsOn.All(done.Contains));
            if (next is null)
            {
                return null;
            }

            done.Add(next.Id);
            ordered.Add(next);
        }

        return ordered;
    }

    private static byte[] Body(JsonNode content, string contentType)
    {
        if (content.GetValueKind() != JsonValueKind.String || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.UTF8.GetBytes(content.ToJsonString());
        }

        // json-batching.md: a body that is not JSON is given base64-encoded.
        var text = content.GetValue<string>();
        try
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
        }
        catch (FormatException)
        {
            return Encoding.UTF8.GetBytes(text);
        }
    }

    private static string? Text(JsonNode? node) =>
        node is not null && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    private sealed record BatchRequest(string Id, string Method, string Url, Dictionary<string, string> Headers, byte[] Body, List<string> DependsOn);
}
