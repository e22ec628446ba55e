namespace Mailroom.Mail.Graph;

/// <summary>
/// Microsoft Graph answered and refused one request with <c>{"error": {"code", "message"}}</c>: the connection and
/// the sign-in are fine, this call (this message, this folder) is not. <see cref="Code"/> is Graph's code (the most
/// specific inner one first where it gave several), <see cref="GraphMessage"/> its words.
/// </summary>
public sealed class GraphException : Exception
{
    public GraphException(string message, int status, string? code, string? graphMessage, bool isTransient, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        Code = code;
        GraphMessage = graphMessage;
        IsTransient = isTransient;
    }

    /// <summary>The HTTP status of the answer (of the sub-response, inside a <c>$batch</c>).</summary>
    public int Status { get; }

    public string? Code { get; }

    public string? GraphMessage { get; }

    /// <summary>Whether the same request may succeed later (throttled, a 5xx).</summary>
    public bool IsTransient { get; }

    /// <summary>Every code Graph gave, outermost first (its inner errors are more specific).</summary>
    internal IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>Graph's code and words as one line, as shown to an administrator.</summary>
    public string Reply => Code is null ? $"HTTP {Status}: {GraphMessage}" : $"HTTP {Status} {Code}: {GraphMessage}";
}
