namespace Mailroom.Mail.Ews;

/// <summary>
/// Waiting for new mail on Exchange, as IMAP IDLE does: a streaming subscription (Exchange 2010 SP1 and later) whose
/// GetStreamingEvents response stays open while the monitor waits, so a message is seen as it arrives; where the
/// server refuses streaming (Exchange 2007, 2010 RTM), a pull subscription asked every
/// <see cref="ExchangeOptions.PullInterval"/>; polling when notifications fail. Every wait ends after the poll
/// interval whatever happens, so the monitor also lists on schedule (and resynchronises).
/// </summary>
/// <remarks>
/// The subscription is made before the first listing and lives across waits: events that arrive while the monitor
/// lists or files are queued by Exchange and end the next wait at once. A subscription found gone (expired, the server restarted) is replaced, and the wait ends at
/// once, because events may have been missed in between.
/// </remarks>
internal sealed partial class ExchangeMailbox
{
    private NotificationMode _mode = NotificationMode.Streaming;
    private string? _streamingId;
    private EwsPullSubscription? _pull;

    private enum NotificationMode
    {
        Streaming,
        Pull,
    }

    /// <summary>
    /// Subscribes before the folder is listed (the first time, or after a subscription was dropped), so that a
    /// message arriving between the listing and the wait is an event the wait sees at once, not one the next poll
    /// finds a poll interval later. A failure here is left to the wait, which tries again or polls.
    /// </summary>
    private async Task SubscribeBeforeListingAsync(CancellationToken cancellationToken)
    {
        if (!_options.UseNotifications || _streamingId is not null || _pull is not null)
        {
            return;
        }

        try
        {
            if (_mode == NotificationMode.Streaming)
            {
                try
                {
                    _streamingId = await _client.SubscribeStreamingAsync(_folder, cancellationToken).ConfigureAwait(false);
                    _logger.Subscribed(_folderName, _client.Endpoint, "streaming");
                    return;
                }
                catch (EwsException ex) when (EwsResponseCodes.RefusesStreaming(ex.ResponseCode))
                {
                    _logger.StreamingRefused(_client.Endpoint, ex.ResponseCode, _folderName);
                    _mode = NotificationMode.Pull;
                }
            }

            _pull = await _client.SubscribePullAsync(_folder, _options.PullSubscriptionMinutes, cancellationToken).ConfigureAwait(false);
            _logger.Subscribed(_folderName, _client.Endpoint, "pull");
        }
        catch (Exception ex) when (ex is EwsException or MailConnectionException && !cancellationToken.IsCancellationRequested)
        {
            _logger.NotificationsFailed(_folderName, _client.Endpoint, ex.Message);
        }
    }

    public async Task WaitForNewMailAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        using var interval = new CancellationTokenSource(pollInterval, _options.TimeProvider);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
        try
        {
            if (!_options.UseNotifications)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, wait.Token).ConfigureAwait(false);
            }

            if (_mode == NotificationMode.Streaming && await WaitStreamingAsync(wait.Token).ConfigureAwait(false))
            {
                return;
            }

            if (_mode == NotificationMode.Pull)
            {
                await WaitPullAsync(wait.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (interval.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed: time to list anyway.
        }
    }

    /// <summary>True when the wait is over (an event, a replaced subscription); false to go on with a pull subscription.</summary>
    private async Task<bool> WaitStreamingAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_streamingId is null)
            {
                _streamingId = await _client.SubscribeStreamingAsync(_folder, cancellationToken).ConfigureAwait(false);
                _logger.Subscribed(_folderName, _client.Endpoint, "streaming");
            }

            // The response stays open for the connection timeout; the poll interval usually ends the wait first.
            while (true)
            {
                await foreach (var events in _client.GetStreamingEventsAsync(_streamingId, 30, cancellationToken).ConfigureAwait(false))
                {
                    if (events > 0)
                    {
                        return true;
                    }
                }
            }
        }
        catch (EwsException ex) when (EwsResponseCodes.RefusesStreaming(ex.ResponseCode))
        {
            _logger.StreamingRefused(_client.Endpoint, ex.ResponseCode, _folderName);
            _streamingId = null;
            _mode = NotificationMode.Pull;
            return false;
        }
        catch (EwsException ex) when (EwsResponseCodes.IsSubscriptionGone(ex.ResponseCode))
        {
            _logger.SubscriptionGone("streaming", _folderName, _client.Endpoint, ex.ResponseCode);
            _streamingId = null;
            await ResubscribeAsync(() => _client.SubscribeStreamingAsync(_folder, cancellationToken), id => _streamingId = id).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is EwsException or MailConnectionException && !cancellationToken.IsCancellationRequested)
        {
            await PollAsync(ex, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    private async Task WaitPullAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_pull is null)
            {
                _pull = await _client.SubscribePullAsync(_folder, _options.PullSubscriptionMinutes, cancellationToken).ConfigureAwait(false);
                _logger.Subscribed(_folderName, _client.Endpoint, "pull");
            }

            while (true)
            {
                var (events, next) = await _client.GetEventsAsync(_pull, cancellationToken).ConfigureAwait(false);
                _pull = next;
                if (events > 0)
                {
                    return;
                }

                await Task.Delay(_options.PullInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (EwsException ex) when (EwsResponseCodes.IsSubscriptionGone(ex.ResponseCode))
        {
            _logger.SubscriptionGone("pull", _folderName, _client.Endpoint, ex.ResponseCode);
            _pull = null;
            await ResubscribeAsync(() => _client.SubscribePullAsync(_folder, _options.PullSubscriptionMinutes, cancellationToken), p => _pull = p).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EwsException or MailConnectionException && !cancellationToken.IsCancellationRequested)
        {
            await PollAsync(ex, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Subscribes again at once, so that events from now on are caught; a failure is tried at the next wait.</summary>
    private async Task ResubscribeAsync<T>(Func<Task<T>> subscribe, Action<T> keep)
    {
        try
        {
            keep(await subscribe().ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is EwsException or MailConnectionException)
        {
            _logger.NotificationsFailed(_folderName, _client.Endpoint, ex.Message);
        }
    }

    /// <summary>Notifications failed: wait out the poll interval (the token ends it), then the monitor lists.</summary>
    private async Task PollAsync(Exception failure, CancellationToken cancellationToken)
    {
        _logger.NotificationsFailed(_folderName, _client.Endpoint, failure.Message);
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
    }
}
