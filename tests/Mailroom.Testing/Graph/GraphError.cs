using System.Globalization;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.Graph;

/// <summary>
/// Graph's error answers (errors.md): a single object <c>error</c> with <c>code</c>, <c>message</c> and an
/// <c>innerError</c> holding <c>date</c>, <c>request-id</c> and <c>client-request-id</c>, which
/// <see cref="Complete"/> fills in once the request's ids are known. Codes are the ones Microsoft 365 sends for the
/// case (the Outlook ones start with <c>Error</c>).
/// </summary>
internal static class GraphError
{
    public static GraphAnswer Create(int status, string code, string message, JsonObject? innerError = null) =>
        GraphAnswer.Ok(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = message,
                ["innerError"] = innerError ?? new JsonObject(),
            },
        }, status);

    public static GraphAnswer BadRequest(string message) => Create(400, "BadRequest", message);

    public static GraphAnswer ItemNotFound() => Create(404, "ErrorItemNotFound", "The specified object was not found in the store.");

    public static GraphAnswer InvalidId() => Create(400, "ErrorInvalidIdMalformed", "Id is malformed.");

    public static GraphAnswer UnknownSegment(string segment) => BadRequest($"Resource not found for the segment '{segment}'.");

    public static GraphAnswer MethodNotAllowed() =>
        Create(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");

    public static GraphAnswer AccessDenied() => Create(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");

    public static GraphAnswer RequestBodyRead(string message) => Create(400, "RequestBodyRead", message);

    /// <summary>Adds the request's ids and the time to an error body's <c>innerError</c>, as Graph does.</summary>
    public static void Complete(GraphAnswer answer, string requestId, string clientRequestId, DateTimeOffset now)
    {
        if (answer.Json is JsonObject body && body["error"] is JsonObject error)
        {
            if (error["innerError"] is not JsonObject inner)
            {
                inner = new JsonObject();
                error["innerError"] = inner;
            }

            inner["date"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
            inner["request-id"] = requestId;
            inner["client-request-id"] = clientRequestId;
        }
    }
}
