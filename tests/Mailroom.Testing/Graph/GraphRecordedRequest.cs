namespace Mailroom.Testing.Graph;

/// <summary>One request the <see cref="GraphTestServer"/> answered, after sign-in (a request refused for its token is
/// counted in <see cref="GraphTestCounters.Unauthorized"/> only).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Url">The path and query below <c>/v1.0</c>, as sent (a batch request's <c>url</c>).</param>
/// <param name="Kind">What it asked for.</param>
/// <param name="Mailbox">The mailbox it addressed (its primary address), or null.</param>
/// <param name="Status">The status answered.</param>
/// <param name="InBatch">Whether it came inside a <c>$batch</c>.</param>
/// <param name="Prefer">Its <c>Prefer</c> header values joined with ", ", or null when it sent none.</param>
public sealed record GraphRecordedRequest(
    string Method,
    string Url,
    GraphRequestKind Kind,
    string? Mailbox,
    int Status,
    bool InBatch,
    string? Prefer)
{
    /// <summary>Whether the request asked for immutable ids (<c>Prefer: IdType="ImmutableId"</c>).</summary>
    public bool AskedImmutableIds => Prefer is not null && GraphPrefer.Parse([Prefer]).ImmutableIds;
}
