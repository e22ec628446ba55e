using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Mailroom.Testing.Graph;

/// <summary>The HTTP side: version, bearer token, then a request or a batch; every answer carries
/// <c>request-id</c> and <c>client-request-id</c> (the client's own when it sent one), as Graph's do.</summary>
public sealed partial class GraphTestServer
{
    private async Task HandleAsync(HttpContext http)
    {
        Counters.CountHttpRequest();
        var requestId = Guid.NewGuid().ToString();
        var clientRequestId = http.Request.Headers["client-request-id"].ToString() is { Length: > 0 } given ? given : requestId;
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (http.Request.Path + http.Request.QueryString).ToString();

        GraphAnswer answer;
        if (!target.StartsWith("/v1.0/", StringComparison.OrdinalIgnoreCase))
        {
            var version = target.TrimStart('/').Split('/', '?')[0];
            answer = GraphError.BadRequest($"Invalid version: {version}");
        }
        else
        {
            var (identity, refusal) = _tokens.Validate(http.Request.Headers.Authorization.ToString());
            if (identity is null)
            {
                Counters.CountUnauthorized();
                answer = refusal!;
            }
            else
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body, http.RequestAborted);
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (name, values) in http.Request.Headers)
                {
                    headers[name] = values.ToString();
                }

                var call = new GraphCall(http.Request.Method.ToUpperInvariant(), target["/v1.0/".Length..], headers, body.ToArray(), identity, InBatch: false);
                answer = IsBatch(call.Url) ? await BatchAsync(call) : await DispatchAsync(call);
            }
        }

        if (answer.Drop)
        {
            http.Abort();
            return;
        }

        GraphError.Complete(answer, requestId, clientRequestId, Options.Clock.GetUtcNow());
        http.Response.StatusCode = answer.Status;
        http.Response.Headers["request-id"] = requestId;
        http.Response.Headers["client-request-id"] = clientRequestId;
        http.Response.Headers.CacheControl = "no-cache";
        if (answer.Json is not null)
        {
            http.Response.Headers["OData-Version"] = "4.0";
        }

        foreach (var (name, value) in answer.Headers)
        {
            http.Response.Headers[name] = value;
        }

        var bytes = answer.BodyBytes();
        if (answer.ContentType is { } contentType)
        {
            http.Response.ContentType = contentType;
        }

        if (bytes.Length > 0)
        {
            http.Response.ContentLength = bytes.Length;
            if (answer.Cut)
            {
                await http.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                http.Abort();
                return;
            }

            await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
        }
    }

    private static bool IsBatch(string url) => url.Split('?')[0].TrimEnd('/').Equals("$batch", StringComparison.OrdinalIgnoreCase);
}
