namespace Mailroom.Testing.Graph;

/// <summary>How a <see cref="GraphTestServer"/> checks tokens and applies Outlook's limits. The defaults are
/// Microsoft's (throttling.md: 4 concurrent requests and 10,000 per 10 minutes per app and mailbox; json-batching.md:
/// 20 requests a batch).</summary>
public sealed record GraphTestServerOptions
{
    /// <summary>The HS256 key tokens must be signed with; null: a random one (<see cref="GraphTestServer.SigningKey"/>).
    /// Pass the local authorization server's key (the one Dovecot validates) to accept its tokens.</summary>
    public byte[]? SigningKey { get; init; }

    /// <summary>Audiences accepted besides the server's own URL (a token asked for with scope
    /// <c>{graph-url}/.default</c>) and Graph's application id.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [GraphTestTokens.GraphAudience];

    /// <summary>Whether the token's <c>roles</c> (app) or <c>scp</c> (delegated) must hold the permission each call
    /// needs (message-delta.md and the other pages' permission tables); a token without them is refused with 403.</summary>
    public bool RequirePermissions { get; init; } = true;

    /// <summary>The clock for token lifetimes, <c>Retry-After</c> dates, received times and the request-rate window.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Requests one app may have in flight against one mailbox; the next one is answered 429.</summary>
    public int ConcurrentRequestsPerMailbox { get; init; } = 4;

    /// <summary>Requests one app may make to one mailbox in any 10 minutes; beyond them, 429.</summary>
    public int RequestsPerTenMinutes { get; init; } = 10_000;

    /// <summary>Bytes one app may upload (PATCH, POST, PUT bodies) to one mailbox in any 30 seconds; a request that
    /// would go beyond them is answered 429 (one larger than the limit alone still goes through on a quiet window).</summary>
    public long UploadBytesPerThirtySeconds { get; init; } = 15L * 1024 * 1024;

    /// <summary>Page size of collections when the client asks for none (user-list-mailfolders.md: 10).</summary>
    public int DefaultPageSize { get; init; } = 10;

    /// <summary>Most requests in one <c>$batch</c>.</summary>
    public int MaxBatchRequests { get; init; } = 20;
}
