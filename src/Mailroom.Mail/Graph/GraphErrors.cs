using System.Text.Json;

namespace Mailroom.Mail.Graph;

/// <summary>
/// Reads Graph's error body <c>{"error": {"code", "message", "innerError"}}</c> and the codes Mailroom acts on.
/// Microsoft says to branch on codes only, never on the message, and to look through the inner errors too.
/// </summary>
internal static class GraphErrors
{
    public const string InvalidAuthenticationToken = "InvalidAuthenticationToken";
    public const string FolderExists = "ErrorFolderExists";
    public const string SyncStateNotFound = "syncStateNotFound";
    public const string ResyncRequired = "resyncRequired";

    private static readonly string[] NotFoundCodes = ["ErrorItemNotFound", "itemNotFound", "ResourceNotFound", "ErrorInvalidIdMalformed"];
    private static readonly string[] MailboxCodes = ["ErrorInvalidUser", "MailboxNotEnabledForRESTAPI", "ErrorNonExistentMailbox", "ResourceNotFound"];
    private static readonly string[] AccessCodes = ["ErrorAccessDenied", "accessDenied", "Authorization_RequestDenied", "extensionError", "ErrorApplicationAccessPolicyDenied"];

    /// <summary>The error's codes, outermost first, and its message (the outermost that has one).</summary>
    public sealed record Details(IReadOnlyList<string> Codes, string? Message)
    {
        public string? Code => Codes.Count > 0 ? Codes[0] : null;

        public bool Has(string code) => Codes.Any(c => string.Equals(c, code, StringComparison.OrdinalIgnoreCase));

        public bool HasAny(IEnumerable<string> codes) => codes.Any(Has);
    }

    public static Details Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new([], null);
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(body, GraphJson.Default.GraphErrorBody);
            return From(parsed?.Error);
        }
        catch (JsonException)
        {
            // Not Graph's JSON (a proxy's HTML page): its first line is still the best words there are.
            var line = body.Trim().Split('\n')[0].Trim();
            return new([], line.Length > 300 ? line[..300] : line);
        }
    }

    public static Details Parse(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } element)
        {
            return new([], null);
        }

        try
        {
            return From(element.Deserialize(GraphJson.Default.GraphErrorBody)?.Error);
        }
        catch (JsonException)
        {
            return new([], null);
        }
    }

    private static Details From(GraphError? error)
    {
        var codes = new List<string>();
        string? message = null;
        for (var e = error; e is not null && codes.Count < 16; e = e.InnerError)
        {
            if (!string.IsNullOrWhiteSpace(e.Code))
            {
                codes.Add(e.Code.Trim());
            }

            message ??= string.IsNullOrWhiteSpace(e.Message) ? null : e.Message.Trim();
        }

        return new(codes, message);
    }

    public static bool IsNotFound(int status, Details details) => status == 404 || details.HasAny(NotFoundCodes);

    public static bool IsMailboxMissing(int status, Details details) => status == 404 && details.HasAny(MailboxCodes);

    public static bool IsAccessDenied(int status, Details details) => status == 403 || details.HasAny(AccessCodes);

    /// <summary>The delta link expired or the server reset the sync (410 Gone, or a 4xx naming the sync state).</summary>
    public static bool IsDeltaReset(int status, Details details) =>
        status == 410 || (status is >= 400 and < 500 && (details.Has(SyncStateNotFound) || details.Has(ResyncRequired)));

    public static Details Of(GraphException ex) => new(ex.Codes, ex.GraphMessage);

    public static bool IsTransient(int status) => status is 429 or 503 or 500 or 502 or 504 or 509;

    public static string Reply(int status, Details details) =>
        details.Code is null ? $"HTTP {status}: {details.Message}" : $"HTTP {status} {details.Code}: {details.Message}";
}
