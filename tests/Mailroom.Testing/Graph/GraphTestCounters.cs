using System.Collections.Concurrent;

namespace Mailroom.Testing.Graph;

/// <summary>What the <see cref="GraphTestServer"/> has answered so far, for tests that assert how a client used it
/// ("one batch of 20", "retried once after the 429"). Safe to read while requests run.</summary>
public sealed class GraphTestCounters
{
    private readonly ConcurrentDictionary<GraphRequestKind, int> _byKind = new();
    private int _httpRequests;
    private int _batchRequests;
    private int _throttled;
    private int _unavailable;
    private int _unauthorized;

    /// <summary>HTTP requests that reached the server at all, signed in or not (a batch counts once).</summary>
    public int HttpRequests => Volatile.Read(ref _httpRequests);

    /// <summary><c>$batch</c> requests, however they were answered (a malformed one is answered 400 as a whole).</summary>
    public int Batches => Requests(GraphRequestKind.Batch);

    /// <summary>Requests that came inside batches.</summary>
    public int BatchRequests => Volatile.Read(ref _batchRequests);

    /// <summary>Answers with 429, batch requests' included.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    /// <summary>Answers with 503, batch requests' included.</summary>
    public int Unavailable => Volatile.Read(ref _unavailable);

    /// <summary>Requests refused with 401 for their token.</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>Signed-in requests of a kind (batch requests included), whatever they were answered.</summary>
    public int Requests(GraphRequestKind kind) => _byKind.TryGetValue(kind, out var count) ? count : 0;

    internal void CountHttpRequest() => Interlocked.Increment(ref _httpRequests);

    internal void CountUnauthorized() => Interlocked.Increment(ref _unauthorized);

    internal void Count(GraphRequestKind kind, bool inBatch, int status)
    {
        _byKind.AddOrUpdate(kind, 1, (_, count) => count + 1);
        if (inBatch)
        {
            Interlocked.Increment(ref _batchRequests);
        }

        if (status == 429)
        {
            Interlocked.Increment(ref _throttled);
        }
        else if (status == 503)
        {
            Interlocked.Increment(ref _unavailable);
        }
    }
}
