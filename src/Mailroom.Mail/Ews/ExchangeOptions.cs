using System.ComponentModel.DataAnnotations;

namespace Mailroom.Mail.Ews;

/// <summary>Settings of the Exchange Web Services client. The defaults suit an on-premises Exchange 2007 SP1 or later.</summary>
public sealed record ExchangeOptions
{
    public static ExchangeOptions Default { get; } = new();

    /// <value>NTLM by default, as Exchange on premises expects.</value>
    public ExchangeAuthentication Authentication { get; init; } = ExchangeAuthentication.Ntlm;

    /// <summary>
    /// The <c>RequestServerVersion</c> to send, such as <c>Exchange2010_SP2</c>. Null (the default) starts with
    /// <c>Exchange2007_SP1</c>, which every supported server accepts, and moves up to what the server reports in
    /// <c>ServerVersionInfo</c> (at most <c>Exchange2013_SP1</c>, which 2016, 2019 and SE accept).
    /// </summary>
    public string? RequestServerVersion { get; init; }

    /// <summary>Items asked for per FindItem page and changes per SyncFolderItems call (EWS allows 1-512).</summary>
    [Range(1, 512)]
    public int PageSize { get; init; } = 100;

    /// <summary>
    /// Items downloaded per GetItem request (their MIME in one response). Microsoft suggests about ten for a client
    /// that synchronises a folder, so that one request stays well inside the minute Exchange allows it.
    /// </summary>
    [Range(1, 100)]
    public int FetchBatchSize { get; init; } = 10;

    /// <summary>Items marked read, moved or deleted per UpdateItem, MoveItem or DeleteItem request.</summary>
    [Range(1, 1000)]
    public int ActionBatchSize { get; init; } = 100;

    /// <summary>
    /// How often a request that the server did not process (busy, 503, a timeout on a read) is tried again before the
    /// failure is reported. Kept small: every try counts against the mailbox's throttling budget.
    /// </summary>
    [Range(0, 10)]
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first wait before a retry when the server names none; doubled for each further try.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait honoured from a <c>BackOffMilliseconds</c> or <c>Retry-After</c> hint.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one request may take, response body included, before it counts as timed out.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The largest message downloaded; a bigger one is not downloaded, and the monitor sets it aside in Not handled
    /// with that reason. 150 MB is Exchange's own ceiling for a message.
    /// </summary>
    public long MaxMessageBytes { get; init; } = 150L * 1024 * 1024;

    /// <summary>List only unread messages (the default), so mail read by hand before the monitor saw it is left alone.</summary>
    public bool ListUnreadOnly { get; init; } = true;

    /// <value>Deleted Items by default, so a deleted message can still be found.</value>
    public ExchangeDeleteType DeleteType { get; init; } = ExchangeDeleteType.MoveToDeletedItems;

    /// <summary>Where downloaded messages are spooled while the monitor reads them; the files delete themselves.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>
    /// Wait for new mail with event notifications (the default): a streaming subscription where the server has them
    /// (Exchange 2010 SP1 and later), so new mail is seen within a second, else a pull subscription asked every
    /// <see cref="PullInterval"/>. Off: poll every check interval. Polling stays the fallback either way.
    /// </summary>
    public bool UseNotifications { get; init; } = true;

    /// <summary>How often a pull subscription is asked for events (GetEvents) while the monitor waits. Default 5 s.</summary>
    public TimeSpan PullInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Minutes a pull subscription lives without a GetEvents (1-1440). A monitor busier than that finds it expired
    /// and subscribes again. Default 30.
    /// </summary>
    [Range(1, 1440)]
    public int PullSubscriptionMinutes { get; init; } = 30;

    /// <summary>Clock for retry delays and polling; tests replace it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
