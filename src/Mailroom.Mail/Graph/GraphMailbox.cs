using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Graph;

/// <summary>
/// A Microsoft 365 mail folder through Graph, as the monitor sees it. Listing is a delta query on the folder: the
/// first round lists what is there, each later round (from the stored <c>@odata.deltaLink</c>, the checkpoint) only
/// what changed. A message's MailboxId is its immutable id, which a move does not change.
/// </summary>
internal sealed partial class GraphMailbox : IIncomingMailbox
{
    private readonly GraphClient _client;
    private readonly string _folderId;
    private readonly string _folderName;
    private readonly GraphOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, string> _moveTargets = new(StringComparer.OrdinalIgnoreCase);

    public GraphMailbox(GraphClient client, string folderId, string folderName, GraphOptions options, ILogger logger)
    {
        _client = client;
        _folderId = folderId;
        _folderName = folderName;
        _options = options;
        _logger = logger;
    }

    internal GraphClient Client => _client;

    /// <exception cref="MailConnectionException">Graph could not be reached, refused the token, or failed.</exception>
    /// <exception cref="GraphException">Graph refused the delta query for another reason than an expired link.</exception>
    public async Task<MailboxListing> ListAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        if (checkpoint is null)
        {
            var (messages, link) = await RoundAsync(_client.InitialDeltaUrl(_folderId), cancellationToken).ConfigureAwait(false);
            return new MailboxListing(messages, link, CheckpointReset: false);
        }

        if (!_client.IsOwnLink(checkpoint, out var stored))
        {
            // A delta link of another Graph host (the account's Graph URL changed): never sent the token; start over.
            _logger.DeltaReset(_folderName, _client.Mailbox, 0, "not a link of " + _client.Root);
            return await AfreshAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var (messages, link) = await RoundAsync(stored, cancellationToken).ConfigureAwait(false);
            return new MailboxListing(messages, link, CheckpointReset: false);
        }
        catch (GraphException ex) when (GraphErrors.IsDeltaReset(ex.Status, GraphErrors.Of(ex)))
        {
            // 410 Gone, or syncStateNotFound/resyncRequired: Graph forgot the state. List afresh; what was filed
            // before comes back and the monitor's ledger keeps it from being filed twice.
            _logger.DeltaReset(_folderName, _client.Mailbox, ex.Status, ex.Code);
            return await AfreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<MailboxListing> AfreshAsync(CancellationToken cancellationToken)
    {
        var (messages, link) = await RoundAsync(_client.InitialDeltaUrl(_folderId), cancellationToken).ConfigureAwait(false);
        return new MailboxListing(messages, link, CheckpointReset: true);
    }

    /// <summary>One round: every page from <paramref name="url"/>, each next link followed as given, to the delta link.</summary>
    private async Task<(IReadOnlyList<MailboxMessage> Messages, string DeltaLink)> RoundAsync(Uri url, CancellationToken cancellationToken)
    {
        // One entry per id, merged in the order Graph reported changes: an item can appear more than once in a round,
        // and an update carries only what changed.
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var order = 0;
        for (var page = 0; ; page++)
        {
            if (page >= 100_000)
            {
                throw new MailConnectionException(MailFailureKind.ProtocolError,
                    $"Microsoft Graph kept handing out next pages for {_folderName} in {_client.Mailbox} ({page} pages) without a delta link; listing stopped.");
            }

            var result = await _client.DeltaPageAsync(url, _folderName, cancellationToken).ConfigureAwait(false);
            foreach (var item in result.Value ?? [])
            {
                if (string.IsNullOrEmpty(item.Id))
                {
                    continue;
                }

                if (item.Removed is not null)
                {
                    // Deleted or moved out of the folder: nothing to file.
                    entries.Remove(item.Id);
                    continue;
                }

                if (!entries.TryGetValue(item.Id, out var entry))
                {
                    entry = new Entry(item.Id, order++);
                    entries[item.Id] = entry;
                }

                entry.MessageId = item.InternetMessageId ?? entry.MessageId;
                entry.IsRead = item.IsRead ?? entry.IsRead;
                entry.Received = item.ReceivedDateTime ?? entry.Received;
            }

            if (result.DeltaLink is { } deltaLink)
            {
                if (!_client.IsOwnLink(deltaLink, out _))
                {
                    throw new MailConnectionException(MailFailureKind.ProtocolError,
                        $"Microsoft Graph answered the listing of {_folderName} with a delta link at {deltaLink}, which is not on {_client.Root}; it was not kept.");
                }

                var listed = entries.Values
                    .Where(e => !_options.ListUnreadOnly || e.IsRead != true)
                    // Delta gives no order; the monitor files oldest first.
                    .OrderBy(e => e.Received ?? DateTimeOffset.MaxValue)
                    .ThenBy(e => e.Order)
                    .Select(e => new MailboxMessage(e.Id, Size: null, e.MessageId))
                    .ToList();
                return (listed, deltaLink);
            }

            if (result.NextLink is null)
            {
                throw new MailConnectionException(MailFailureKind.ProtocolError,
                    $"Microsoft Graph answered the listing of {_folderName} in {_client.Mailbox} with neither a next link nor a delta link.");
            }

            if (!_client.IsOwnLink(result.NextLink, out url))
            {
                throw new MailConnectionException(MailFailureKind.ProtocolError,
                    $"Microsoft Graph answered the listing of {_folderName} with a next page at {result.NextLink}, which is not on {_client.Root}; it was not followed.");
            }
        }
    }

    /// <summary>
    /// Downloads the messages' MIME (<c>$value</c>) up to <see cref="GraphOptions.ConcurrentDownloads"/> at once
    /// (Outlook's limit is 4 per app and mailbox), each into a spool file deleted on close, and yields them in the
    /// order given, each closed when the next is asked for. A throttled download waits as Graph says (every request
    /// of the mailbox holds back until then, see <see cref="GraphClient"/>). A message Graph refuses (a 4xx, such as
    /// one deleted since the listing) is yielded with the reason as its failure; a lost connection throws when its
    /// message's turn comes.
    /// </summary>
    public async IAsyncEnumerable<FetchedMessage> FetchAsync(IReadOnlyList<MailboxMessage> messages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var downloads = new Queue<Task<(Stream? Content, string? Failure)>>();
        var next = 0;
        try
        {
            for (var i = 0; i < messages.Count; i++)
            {
                while (downloads.Count < _options.ConcurrentDownloads && next < messages.Count)
                {
                    downloads.Enqueue(DownloadAsync(messages[next++], stop.Token));
                }

                var (content, failure) = await downloads.Dequeue().ConfigureAwait(false);
                if (content is null)
                {
                    yield return new FetchedMessage(messages[i], null, failure);
                    continue;
                }

                await using (content.ConfigureAwait(false))
                {
                    yield return new FetchedMessage(messages[i], content, null);
                }
            }
        }
        finally
        {
            // Stopped early or failed: the downloads still running are not wanted.
            await stop.CancelAsync().ConfigureAwait(false);
            while (downloads.TryDequeue(out var download))
            {
                try
                {
                    var (content, _) = await download.ConfigureAwait(false);
                    content?.Dispose();
                }
                catch (Exception)
                {
                    // Not wanted any more: its failure, if any, is not the one to report.
                }
            }
        }
    }

    /// <summary>One message's MIME into a spool file, rewound; or Graph's refusal.</summary>
    private async Task<(Stream? Content, string? Failure)> DownloadAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        var spool = Connections.Spool.Create(null);
        try
        {
            var body = await _client.OpenMimeAsync(message.MailboxId, cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                await body.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
            }

            await spool.FlushAsync(cancellationToken).ConfigureAwait(false);
            spool.Position = 0;
            return (spool, null);
        }
        catch (GraphException ex)
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            return (null, ex.Message);
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task WaitForNewMailAsync(TimeSpan pollInterval, CancellationToken cancellationToken) =>
        Task.Delay(pollInterval, _options.TimeProvider, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Entry(string id, int order)
    {
        public string Id { get; } = id;

        public int Order { get; } = order;

        public string? MessageId { get; set; }

        public bool? IsRead { get; set; }

        public DateTimeOffset? Received { get; set; }
    }
}
