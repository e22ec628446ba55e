using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Graph;

/// <summary>
/// Post-actions in <c>$batch</c>es of 20: mark read (PATCH <c>isRead</c>), move (a target folder created when
/// missing), delete. Each sub-response counts on its own: a throttled one (its own 429) is sent again after the
/// longest <c>Retry-After</c> of its batch; a message already gone counts as done; any other refusal is returned.
/// </summary>
internal sealed partial class GraphMailbox
{
    /// <summary>Acts on many filed messages; returns those Graph refused. Throws only when Graph cannot be used at all.</summary>
    /// <exception cref="MailConnectionException">Graph could not be reached, refused the token, or failed.</exception>
    public async Task<IReadOnlyList<PostActionFailure>> CompleteAsync(IReadOnlyList<MailboxMessage> messages, PostAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(action);
        var failures = new List<PostActionFailure>();
        if (messages.Count == 0)
        {
            return failures;
        }

        string? target = null;
        if (action is PostAction.MoveAction move)
        {
            try
            {
                target = await MoveTargetAsync(move.Folder, cancellationToken).ConfigureAwait(false);
            }
            catch (GraphException ex)
            {
                // No folder to move to: every message stays filed, to be moved at the next check.
                return messages.Select(m => new PostActionFailure(m, ex.Message)).ToList();
            }
        }

        foreach (var chunk in messages.Chunk(GraphClient.MaxBatch))
        {
            await CompleteBatchAsync(chunk, action, target, failures, cancellationToken).ConfigureAwait(false);
        }

        return failures;
    }

    private async Task CompleteBatchAsync(MailboxMessage[] chunk, PostAction action, string? target, List<PostActionFailure> failures, CancellationToken cancellationToken)
    {
        IReadOnlyList<MailboxMessage> pending = chunk;
        var renewed = false;
        for (var attempt = 1; ; attempt++)
        {
            var items = pending.Select((m, i) => Request(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m, action, target)).ToList();
            var results = await _client.BatchAsync(items, $"{action} of {pending.Count} messages", cancellationToken).ConfigureAwait(false);
            var again = new List<MailboxMessage>();
            TimeSpan? wait = null;
            var tokenRefused = false;
            for (var i = 0; i < pending.Count; i++)
            {
                var message = pending[i];
                if (!results.TryGetValue(items[i].Id, out var result))
                {
                    failures.Add(new PostActionFailure(message,
                        $"Microsoft Graph's $batch answer held no response for {action} of message {message.MailboxId}; it is tried again at the next check."));
                    continue;
                }

                var status = result.Status;
                if (status is >= 200 and < 300)
                {
                    continue;
                }

                var details = GraphErrors.Parse(result.Body);
                if (GraphErrors.IsNotFound(status, details) && !details.HasAny(["ErrorInvalidIdMalformed"]))
                {
                    // Deleted or moved by someone else: what the action was for is already so.
                    _logger.MessageAlreadyGone(action.ToString(), message.MailboxId, _client.Mailbox);
                    continue;
                }

                if (status == 401 && !renewed)
                {
                    tokenRefused = true;
                    again.Add(message);
                    continue;
                }

                if (GraphErrors.IsTransient(status) && attempt <= _options.MaxThrottleRetries)
                {
                    again.Add(message);
                    var delay = GraphRetryAfter.From(result.Headers, _options.TimeProvider.GetUtcNow()) ?? _options.RetryDelay * Math.Pow(2, Math.Min(attempt, 10) - 1);
                    wait = wait is null || delay > wait ? delay : wait;
                    continue;
                }

                failures.Add(new PostActionFailure(message,
                    $"Microsoft Graph refused {action} of message {message.MailboxId} in {_client.Mailbox}: {GraphErrors.Reply(status, details)}"));
            }

            if (again.Count == 0)
            {
                return;
            }

            if (tokenRefused)
            {
                renewed = true;
                await _client.TokenAsync(forceRenewal: true, cancellationToken).ConfigureAwait(false);
            }

            if (wait is { } w)
            {
                w = w > _options.MaxRetryDelay ? _options.MaxRetryDelay : w;
                _logger.BatchThrottled(again.Count, _client.Mailbox, (long)w.TotalMilliseconds, attempt + 1);
                await Task.Delay(w, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            pending = again;
        }
    }

    private GraphBatchItem Request(string id, MailboxMessage message, PostAction action, string? target)
    {
        var url = _client.BatchUrl("messages/" + GraphClient.Escape(message.MailboxId));
        return action switch
        {
            PostAction.MarkReadAction => new GraphBatchItem(id, "PATCH", url, GraphClient.BatchHeaders(hasBody: true),
                JsonSerializer.SerializeToElement(new GraphReadFlag(true), GraphJson.Default.GraphReadFlag)),
            PostAction.MoveAction => new GraphBatchItem(id, "POST", url + "/move", GraphClient.BatchHeaders(hasBody: true),
                JsonSerializer.SerializeToElement(new GraphMoveRequest(target!), GraphJson.Default.GraphMoveRequest)),
            PostAction.DeleteAction => new GraphBatchItem(id, "DELETE", url, GraphClient.BatchHeaders(hasBody: false), null),
            _ => throw new ArgumentException($"Post action '{action}' is not supported for Microsoft Graph.", nameof(action)),
        };
    }

    private async Task<string> MoveTargetAsync(string name, CancellationToken cancellationToken)
    {
        if (!_moveTargets.TryGetValue(name, out var id))
        {
            // Folder ids do not change when folders move or are renamed: one lookup per open mailbox is enough.
            var folder = await GraphFolders.FindAsync(_client, name, create: true, _logger, cancellationToken).ConfigureAwait(false);
            id = folder?.Id ?? throw new GraphException($"Microsoft Graph gave no id for folder '{name}' in {_client.Mailbox}.", 0, null, null, isTransient: true);
            _moveTargets[name] = id;
        }

        return id;
    }
}
