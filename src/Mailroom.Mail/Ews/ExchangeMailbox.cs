using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Ews;

/// <summary>
/// An Exchange folder as the monitor sees it. Listing is incremental: SyncFolderItems from the stored sync state
/// (the checkpoint), so each poll asks only for what changed. The MailboxId of a message is its EWS item id.
/// Waiting for new mail uses event notifications (see ExchangeMailbox.Notifications.cs), polling as the fallback.
/// </summary>
internal sealed partial class ExchangeMailbox : IIncomingMailbox
{
    private readonly EwsClient _client;
    private readonly EwsFolder _folder;
    private readonly string _folderName;
    private readonly ExchangeOptions _options;
    private readonly ILogger _logger;

    // ChangeKeys seen while listing, for UpdateItem; a missing or stale one is read again when needed.
    private readonly Dictionary<string, string?> _changeKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EwsFolder> _moveTargets = new(StringComparer.OrdinalIgnoreCase);

    public ExchangeMailbox(EwsClient client, EwsFolder folder, string folderName, ExchangeOptions options, ILogger logger)
    {
        _client = client;
        _folder = folder;
        _folderName = folderName;
        _options = options;
        _logger = logger;
    }

    internal EwsClient Client => _client;

    public async Task<MailboxListing> ListAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        await SubscribeBeforeListingAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (messages, state) = await SyncAsync(checkpoint, cancellationToken).ConfigureAwait(false);
            return new MailboxListing(messages, state, CheckpointReset: false);
        }
        catch (EwsException ex) when (ex.ResponseCode == EwsResponseCodes.InvalidSyncStateData && checkpoint is not null)
        {
            // The server forgot or refused our state: list the folder afresh. Messages filed before come back; the
            // monitor's de-duplication on MailboxId keeps them from being filed twice.
            _logger.SyncStateReset(_folderName, _client.Endpoint, ex.ResponseCode);
            var (messages, state) = await SyncAsync(null, cancellationToken).ConfigureAwait(false);
            return new MailboxListing(messages, state, CheckpointReset: true);
        }
    }

    private async Task<(IReadOnlyList<MailboxMessage> Messages, string State)> SyncAsync(string? state, CancellationToken cancellationToken)
    {
        var created = new List<EwsItem>();
        while (true)
        {
            var page = await _client.SyncFolderItemsAsync(_folder, state, _options.PageSize, cancellationToken).ConfigureAwait(false);
            created.AddRange(page.Created);
            state = page.SyncState;
            if (page.IncludesLastItemInRange)
            {
                break;
            }
        }

        var listed = created
            .Where(i => !_options.ListUnreadOnly || i.IsRead != true)
            .DistinctBy(i => i.ItemId.Id, StringComparer.Ordinal)
            // Exchange 2010 SP2 and later sync newest first; the monitor files oldest first.
            .OrderBy(i => i.DateTimeReceived ?? DateTimeOffset.MaxValue)
            .ToList();
        foreach (var item in listed)
        {
            _changeKeys[item.ItemId.Id] = item.ItemId.ChangeKey;
        }

        return (listed.Select(i => new MailboxMessage(i.ItemId.Id, i.Size, i.InternetMessageId)).ToList(), state);
    }

    /// <summary>
    /// Downloads the messages' MIME with one GetItem per <see cref="ExchangeOptions.FetchBatchSize"/> ids, yielding
    /// each in the order given, its stream closed when the next is asked for. A message Exchange refuses for good (its
    /// own error response message, or over the download limit, which is known from the listing's size without
    /// downloading) is yielded with the reason as its failure; a transient refusal or a lost connection throws, and
    /// the check is tried again later.
    /// </summary>
    public async IAsyncEnumerable<FetchedMessage> FetchAsync(IReadOnlyList<MailboxMessage> messages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var chunk in messages.Chunk(_options.FetchBatchSize))
        {
            var wanted = chunk.Where(m => !TooLarge(m)).Select(m => new EwsItemId(m.MailboxId, null)).ToList();
            var outcomes = wanted.Count == 0 ? [] : await _client.GetMimeAsync(wanted, cancellationToken).ConfigureAwait(false);
            try
            {
                var next = 0;
                foreach (var message in chunk)
                {
                    if (TooLarge(message))
                    {
                        yield return new FetchedMessage(message, null,
                            $"Message {message.MailboxId} is {message.Size / (1024 * 1024)} MB, over the {_options.MaxMessageBytes / (1024 * 1024)} MB limit for downloads; it was not downloaded.");
                        continue;
                    }

                    var outcome = outcomes[next++];
                    if (outcome.Error is { IsTransient: true } transient)
                    {
                        throw transient;
                    }

                    if (outcome.Content is not { } content)
                    {
                        yield return new FetchedMessage(message, null, outcome.Error?.Message);
                        continue;
                    }

                    await using (content.ConfigureAwait(false))
                    {
                        yield return new FetchedMessage(message, content, null);
                    }
                }
            }
            finally
            {
                foreach (var outcome in outcomes)
                {
                    outcome.Content?.Dispose(); // those not yielded: a transient failure, or the caller stopped early
                }
            }
        }
    }

    private bool TooLarge(MailboxMessage message) => message.Size > _options.MaxMessageBytes;

    /// <summary>
    /// Acts on the messages with one UpdateItem, MoveItem or DeleteItem per <see cref="ExchangeOptions.ActionBatchSize"/>
    /// ids. An item already gone counts as done (the monitor repeats post-actions after a crash); Exchange refusing
    /// one (its own error response message) is that message's failure, the rest done; a lost connection throws.
    /// </summary>
    public async Task<IReadOnlyList<PostActionFailure>> CompleteAsync(IReadOnlyList<MailboxMessage> messages, PostAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(action);
        if (action is not (PostAction.MarkReadAction or PostAction.MoveAction or PostAction.DeleteAction))
        {
            throw new ArgumentException($"Post action '{action}' is not supported for Exchange.", nameof(action));
        }

        var failures = new List<PostActionFailure>();
        foreach (var chunk in messages.Chunk(_options.ActionBatchSize))
        {
            var items = chunk.Select(m => new EwsItemId(m.MailboxId, _changeKeys.GetValueOrDefault(m.MailboxId))).ToList();
            var outcomes = action switch
            {
                PostAction.MarkReadAction => await _client.MarkReadAsync(items, cancellationToken).ConfigureAwait(false),
                PostAction.MoveAction move => await _client.MoveAsync(items, await MoveTargetAsync(move.Folder, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
                _ => await _client.DeleteAsync(items, _options.DeleteType, cancellationToken).ConfigureAwait(false),
            };
            for (var i = 0; i < chunk.Length; i++)
            {
                if (outcomes[i].Error is { } error && error.ResponseCode != EwsResponseCodes.ItemNotFound)
                {
                    failures.Add(new PostActionFailure(chunk[i], error.Message));
                }
                else
                {
                    _changeKeys.Remove(chunk[i].MailboxId);
                }
            }
        }

        return failures;
    }

    private async Task<EwsFolder> MoveTargetAsync(string name, CancellationToken cancellationToken)
    {
        if (!_moveTargets.TryGetValue(name, out var folder))
        {
            // Folder ids do not change when folders are moved or renamed, so one lookup per mailbox is enough.
            var found = await _client.FindOrCreateFolderAsync(name, cancellationToken).ConfigureAwait(false);
            folder = EwsFolder.FromId(found.FolderId);
            _moveTargets[name] = folder;
        }

        return folder;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
