using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Ews;

/// <summary>
/// An Exchange folder as the monitor sees it. Listing is incremental: SyncFolderItems from the stored sync state
/// (the checkpoint), so each poll asks only for what changed. The MailboxId of a message is its EWS item id.
/// </summary>
internal sealed class ExchangeMailbox : IIncomingMailbox
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
    /// Downloads the messages' MIME one after another, each stream closed when the next is asked for. A message
    /// Exchange refuses for good (an item error, or over the download limit) is yielded with the reason as its
    /// failure; a transient refusal or a lost connection throws, and the check is tried again later.
    /// </summary>
    public async IAsyncEnumerable<FetchedMessage> FetchAsync(IReadOnlyList<MailboxMessage> messages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            Stream? content = null;
            string? failure = null;
            try
            {
                content = await OpenOneAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (EwsException e) when (!e.IsTransient)
            {
                failure = e.Message;
            }

            if (content is null)
            {
                yield return new FetchedMessage(message, null, failure);
                continue;
            }

            await using (content.ConfigureAwait(false))
            {
                yield return new FetchedMessage(message, content, null);
            }
        }
    }

    private Task<Stream> OpenOneAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Size > _options.MaxMessageBytes)
        {
            throw new EwsException(
                $"Message {message.MailboxId} is {message.Size / (1024 * 1024)} MB, over the {_options.MaxMessageBytes / (1024 * 1024)} MB limit for downloads; it was not downloaded.",
                responseCode: null, messageText: null, isTransient: false);
        }

        return _client.GetMimeAsync(new EwsItemId(message.MailboxId, null), cancellationToken);
    }

    /// <summary>
    /// Acts on each message in turn. Exchange refusing one (<see cref="EwsException"/>: the connection is fine) is
    /// that message's failure; the rest go on.
    /// </summary>
    public async Task<IReadOnlyList<PostActionFailure>> CompleteAsync(IReadOnlyList<MailboxMessage> messages, PostAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var failures = new List<PostActionFailure>();
        foreach (var message in messages)
        {
            try
            {
                await CompleteOneAsync(message, action, cancellationToken).ConfigureAwait(false);
            }
            catch (EwsException ex)
            {
                failures.Add(new PostActionFailure(message, ex.Message));
            }
        }

        return failures;
    }

    private async Task CompleteOneAsync(MailboxMessage message, PostAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(action);
        _changeKeys.TryGetValue(message.MailboxId, out var changeKey);
        var item = new EwsItemId(message.MailboxId, changeKey);
        switch (action)
        {
            case PostAction.MarkReadAction:
                await _client.MarkReadAsync(item, cancellationToken).ConfigureAwait(false);
                break;
            case PostAction.MoveAction move:
                var target = await MoveTargetAsync(move.Folder, cancellationToken).ConfigureAwait(false);
                await _client.MoveAsync(item, target, cancellationToken).ConfigureAwait(false);
                break;
            case PostAction.DeleteAction:
                await _client.DeleteAsync(item, _options.DeleteType, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentException($"Post action '{action}' is not supported for Exchange.", nameof(action));
        }

        _changeKeys.Remove(message.MailboxId);
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

    public Task WaitForNewMailAsync(TimeSpan pollInterval, CancellationToken cancellationToken) =>
        Task.Delay(pollInterval, _options.TimeProvider, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
