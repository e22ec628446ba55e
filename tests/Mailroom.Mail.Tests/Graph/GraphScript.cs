using System.Net;
using System.Text;

namespace Mailroom.Mail.Tests.Graph;

/// <summary>One request the client sent, as the script saw it.</summary>
internal sealed record GraphRequest(HttpMethod Method, Uri Url, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body)
{
    public string Path => Url.AbsolutePath;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Answers the Graph client with recorded responses shaped as Microsoft's reference shows them (written for these
/// tests, not copied), route by route; a route's last answer repeats. Every request is kept for the assertions.
/// Unit-level only: the end-to-end tests use the in-process Graph server.
/// </summary>
internal sealed class GraphScript : HttpMessageHandler
{
    private readonly List<(Func<GraphRequest, bool> Match, Queue<Func<GraphRequest, HttpResponseMessage>> Answers)> _routes = [];
    private readonly List<GraphRequest> _requests = [];

    public IReadOnlyList<GraphRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public GraphScript On(string method, string pathContains, params Func<GraphRequest, HttpResponseMessage>[] answers) =>
        On(r => r.Method.Method == method && (r.Url.AbsolutePath + r.Url.Query).Contains(pathContains, StringComparison.Ordinal), answers);

    public GraphScript On(Func<GraphRequest, bool> match, params Func<GraphRequest, HttpResponseMessage>[] answers)
    {
        _routes.Add((match, new Queue<Func<GraphRequest, HttpResponseMessage>>(answers)));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var seen = new GraphRequest(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.MediaType, body);
        lock (_requests)
        {
            _requests.Add(seen);
        }

        foreach (var (match, answers) in _routes)
        {
            if (match(seen))
            {
                var answer = answers.Count > 1 ? answers.Dequeue() : answers.Peek();
                var response = answer(seen);
                response.RequestMessage = request;
                return response;
            }
        }

        return Json(HttpStatusCode.NotFound, """{"error":{"code":"ResourceNotFound","message":"No route in the test script."}}""")(seen);
    }

    public static Func<GraphRequest, HttpResponseMessage> Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers) => _ =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    };

    public static Func<GraphRequest, HttpResponseMessage> Ok(string json) => Json(HttpStatusCode.OK, json);

    public static Func<GraphRequest, HttpResponseMessage> Error(int status, string code, string message, params (string Name, string Value)[] headers) =>
        Json((HttpStatusCode)status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"innerError\":{\"date\":\"2026-12-03T10:00:00\",\"request-id\":\"5f1c2d1e-0000-4000-8000-000000000001\"}}}", headers);

    public static Func<GraphRequest, HttpResponseMessage> Status(HttpStatusCode status) => _ => new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
}
