namespace Mailroom.Testing.Graph;

/// <summary>One request to answer, from HTTP or from inside a <c>$batch</c>: both go through the same handlers.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Url">The path and query below <c>/v1.0</c>, without its leading slash, as sent.</param>
/// <param name="Headers">The request's headers (names case-insensitive).</param>
/// <param name="Body">The request body (empty when none).</param>
/// <param name="Identity">Who the bearer token says is calling.</param>
/// <param name="InBatch">Whether it came inside a batch.</param>
internal sealed record GraphCall(
    string Method,
    string Url,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    GraphIdentity Identity,
    bool InBatch)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public GraphPrefer Prefer => GraphPrefer.Parse([Header("Prefer")]);

    public string? ContentType => Header("Content-Type");

    public bool ContentTypeIs(string mediaType) =>
        ContentType is { } type && type.Split(';')[0].Trim().Equals(mediaType, StringComparison.OrdinalIgnoreCase);
}
