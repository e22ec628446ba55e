using System.ComponentModel.DataAnnotations;

namespace Mailroom.Mail.Graph;

/// <summary>
/// Settings of the Microsoft Graph mail client, bound from <c>Mail:Graph</c>. The defaults follow Microsoft's limits
/// for Outlook (10,000 requests per 10 minutes and 4 at once per app and mailbox; 20 requests per <c>$batch</c>).
/// </summary>
public sealed record GraphOptions
{
    public static GraphOptions Default { get; } = new();

    /// <summary>Messages per delta page, sent as <c>Prefer: odata.maxpagesize</c>; Graph may send fewer.</summary>
    [Range(1, 1000)]
    public int PageSize { get; init; } = 50;

    /// <summary>
    /// Waits honoured for one request answered 429 or 503 before the check gives up for now (the monitor tries
    /// again at its next check, the outbox at its next retry: throttling never loses or doubles mail).
    /// </summary>
    [Range(0, 100)]
    public int MaxThrottleRetries { get; init; } = 8;

    /// <summary>
    /// Messages downloaded at once (<c>$value</c>) while a batch is fetched. Outlook allows an app 4 requests in flight
    /// per mailbox; more are answered 429.
    /// </summary>
    [Range(1, 4)]
    public int ConcurrentDownloads { get; init; } = 4;

    /// <summary>Tries of a read (GET) that failed with another 5xx or a broken connection before it is reported.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first wait when Graph names none (<c>Retry-After</c> missing); doubled for each further try.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest single wait honoured from a <c>Retry-After</c> or the backoff.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long one request may take, response headers included, before it counts as timed out.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// List only unread messages (the default), as for Exchange: mail read by hand before the monitor saw it is left
    /// alone, and a message the monitor marked read does not come back when the delta reports that change.
    /// </summary>
    public bool ListUnreadOnly { get; init; } = true;

    /// <summary>A token that ends sooner than this is asked for again before a request, not sent to be refused.</summary>
    public TimeSpan TokenRenewalMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock for retry waits, polling and token expiry; tests replace it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
