using System.Runtime.CompilerServices;
using MailKit.Net.Pop3;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;

namespace Mailroom.Mail.Pop3;

/// <summary>
/// A POP3 maildrop as the monitor reads it. Messages are known by UIDL; there is no checkpoint (the listing's is
/// always null) because POP3 has no "since": every message still on the server is listed, and the monitor's
/// de-duplication by UIDL plus deleting after filing keep it from filing one twice.
/// </summary>
/// <remarks>
/// Every post-action deletes (DELE). POP3 only commits deletions at QUIT (RFC 1939 6): a connection that drops before
/// it restores the messages, so they are listed again: the monitor knows them by UIDL, never files them twice, and
/// deletes again the ones its ledger has as completed. This class QUITs, committing, before it
/// lists again, when it waits for new mail (a POP3 session never sees mail that arrived after it signed in, and holds
/// the maildrop's lock), and when disposed.
/// </remarks>
internal sealed class Pop3Mailbox : IIncomingMailbox
{
    private readonly MailConnector _connector;
    private readonly Account _account;
    private readonly MailEndpoint _endpoint;
    private readonly Dictionary<string, int> _indexByUid = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private Pop3Client? _client;
    private bool _listed;
    private bool _deletionsPending;

    private Pop3Mailbox(MailConnector connector, Account account, Pop3Client client)
    {
        _connector = connector;
        _account = account;
        _endpoint = MailEndpoint.Incoming(account);
        _client = client;
    }

    /// <summary>Connects and signs in; checks the server can give UIDLs, without which no message can be known again.</summary>
    public static async Task<Pop3Mailbox> OpenAsync(MailConnector connector, Account account, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(connector, account, cancellationToken).ConfigureAwait(false);
        return new Pop3Mailbox(connector, account, client);
    }

    internal int SessionCount => _client?.Count ?? 0;

    private static async Task<Pop3Client> ConnectAsync(MailConnector connector, Account account, CancellationToken cancellationToken)
    {
        var endpoint = MailEndpoint.Incoming(account);
        var client = new Pop3Client();
        try
        {
            await connector.OpenAsync(client, endpoint, account, account.Credentials, cancellationToken).ConfigureAwait(false);
            if (!client.Capabilities.HasFlag(Pop3Capabilities.UIDL))
            {
                throw new MailConnectionException(MailFailureKind.ProtocolError,
                    $"{endpoint}: the server does not offer UIDL, so messages cannot be told apart between sessions. Use IMAP for this mailbox, or a POP3 server with UIDL.");
            }

            return client;
        }
        catch
        {
            await connector.DisconnectQuietlyAsync(client, endpoint).ConfigureAwait(false);
            client.Dispose();
            throw;
        }
    }

    public async Task<MailboxListing> ListAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        if (_deletionsPending || _client is null)
        {
            await CommitAsync(cancellationToken).ConfigureAwait(false);
            _client = await ConnectAsync(_connector, _account, cancellationToken).ConfigureAwait(false);
        }

        var client = _client;
        return await CommandAsync(async ct =>
        {
            _indexByUid.Clear();
            _listed = true;
            if (client.Count == 0)
            {
                return new MailboxListing([], null, false);
            }

            var uids = await client.GetMessageUidsAsync(ct).ConfigureAwait(false);
            var sizes = await client.GetMessageSizesAsync(ct).ConfigureAwait(false);
            var messages = new List<MailboxMessage>(uids.Count);
            for (var i = 0; i < uids.Count; i++)
            {
                _indexByUid[uids[i]] = i;
                messages.Add(new MailboxMessage(uids[i], i < sizes.Count ? sizes[i] : null));
            }

            return new MailboxListing(messages, null, false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// How many RETR may be in flight at once where the server offers PIPELINING: enough to keep the connection busy
    /// while each reply is spooled, few enough that giving up early (a cancelled check) leaves little unread.
    /// </summary>
    internal const int PipelineDepth = 32;

    /// <summary>
    /// RETR the messages, each into a spool file deleted on close (see <see cref="OpenNextAsync"/>), yielded in the
    /// order given, each spool closed when the next is asked for. Where the server offers PIPELINING (RFC 2449 6.6)
    /// up to <see cref="PipelineDepth"/> RETR are sent before their replies are read, so the batch costs about one
    /// round trip instead of one per message; without it, one RETR at a time. A RETR the server answers with -ERR is
    /// that message's failure, in the server's words; the session goes on. A reply cut off throws: the connection
    /// cannot carry another command. Stopping early with replies still unread drops the connection (without QUIT,
    /// so deletions not yet committed are restored and repeated by the monitor); the next listing signs in afresh.
    /// </summary>
    public async IAsyncEnumerable<FetchedMessage> FetchAsync(IReadOnlyList<MailboxMessage> messages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            yield break;
        }

        var indexes = messages.Select(m => Locate(m).Index).ToArray();
        var client = _client!;
        var depth = client.Capabilities.HasFlag(Pop3Capabilities.Pipelining) ? PipelineDepth : 1;
        var retrieval = Pop3Retrieval.On(client, _connector.Options.CommandTimeout);
        var sent = 0;
        var read = 0;
        try
        {
            while (read < messages.Count)
            {
                // Top the pipeline up once half of it is read, in one write.
                if (sent - read <= depth / 2 && sent < messages.Count)
                {
                    var more = Math.Min(depth - (sent - read), messages.Count - sent);
                    var from = sent;
                    await SendAsync(retrieval, indexes.Skip(from).Take(more), cancellationToken).ConfigureAwait(false);
                    sent += more;
                }

                var (content, failure) = await OpenNextAsync(retrieval, cancellationToken).ConfigureAwait(false);
                read++;
                if (content is null)
                {
                    yield return new FetchedMessage(messages[read - 1], null, failure);
                    continue;
                }

                await using (content.ConfigureAwait(false))
                {
                    yield return new FetchedMessage(messages[read - 1], content, null);
                }
            }

            if (!retrieval.IsDrained)
            {
                Abandon();
                throw new MailConnectionException(MailFailureKind.ProtocolError,
                    $"{_endpoint}: the server sent more than the replies to the RETR commands it was sent; the connection was dropped.");
            }
        }
        finally
        {
            if (read < sent && ReferenceEquals(_client, client))
            {
                // Replies nobody will read are on their way: the connection cannot carry another command.
                Abandon();
            }
        }
    }

    private Task SendAsync(Pop3Retrieval retrieval, IEnumerable<int> indexes, CancellationToken cancellationToken) =>
        CommandAsync(async ct =>
        {
            try
            {
                await retrieval.SendAsync(indexes, ct).ConfigureAwait(false);
            }
            catch
            {
                Abandon();
                throw;
            }

            return true;
        }, cancellationToken);

    /// <summary>
    /// Reads the next RETR reply into a spool file deleted on close, a block at a time (see
    /// <see cref="Pop3Retrieval"/>), so memory stays near one block whatever the size. Returns the spool, rewound, or
    /// null and the server's refusal.
    /// </summary>
    private async Task<(Stream? Content, string? Failure)> OpenNextAsync(Pop3Retrieval retrieval, CancellationToken cancellationToken)
    {
        var spool = Spool.Create(_connector.Options.SpoolDirectory);
        try
        {
            var refusal = await CommandAsync(async ct =>
            {
                try
                {
                    var (_, refused) = await retrieval.ReadAsync(spool, ct).ConfigureAwait(false);
                    await spool.FlushAsync(ct).ConfigureAwait(false);
                    return refused;
                }
                catch
                {
                    // Cut off in the middle of a reply, the connection cannot carry another command.
                    Abandon();
                    throw;
                }
            }, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                await spool.DisposeAsync().ConfigureAwait(false);
                var refused = new Pop3CommandException($"RETR failed: {refusal}", refusal);
                return (null, MailErrors.Map(refused, _endpoint, MailStage.Command, null, _connector.Options.CommandTimeout, timedOut: false).Message);
            }

            spool.Position = 0;
            return (spool, null);
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Marks the messages deleted whatever the action (POP3 has no folders or flags), with one DELE each sent
    /// together where the server offers PIPELINING (MailKit pipelines a list of indexes then); QUIT commits them. A
    /// message this session's listing does not hold is already gone (an earlier run deleted it and crashed before
    /// it recorded so): that counts as done, because the monitor repeats the post-action after a crash. A DELE the
    /// server refuses makes each message of the set a failure with the server's reason, tried again on the next
    /// check, in a new session, where those that were deleted are gone and count as done.
    /// </summary>
    public async Task<IReadOnlyList<PostActionFailure>> CompleteAsync(IReadOnlyList<MailboxMessage> messages, PostAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(action);
        if (messages.Any(m => m is null))
        {
            throw new ArgumentException("The list of messages holds a null.", nameof(messages));
        }

        if (_client is null || !_listed)
        {
            // The UIDLs of this session are needed to tell a message that is gone from one that is here.
            await ListAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var marked = new List<(MailboxMessage Message, int Index)>();
        foreach (var message in messages)
        {
            if (_indexByUid.TryGetValue(message.MailboxId, out var index) && _deleted.Add(message.MailboxId))
            {
                marked.Add((message, index));
            }
        }

        if (marked.Count == 0)
        {
            return [];
        }

        var client = _client!;
        try
        {
            await CommandAsync(async ct =>
            {
                await client.DeleteMessagesAsync(marked.Select(m => m.Index).ToList(), ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            _deletionsPending = true;
            return [];
        }
        catch (MailConnectionException e) when (e.InnerException is Pop3CommandException && client.IsConnected)
        {
            // Some of the set may be marked: QUIT before the next listing all the same.
            _deletionsPending = true;
            foreach (var (message, _) in marked)
            {
                _deleted.Remove(message.MailboxId);
            }

            return marked.Select(m => new PostActionFailure(m.Message, e.Message)).ToList();
        }
        catch
        {
            foreach (var (message, _) in marked)
            {
                _deleted.Remove(message.MailboxId);
            }

            throw;
        }
    }

    /// <summary>Commits deletions and lets go of the maildrop, waits the poll interval; the next listing signs in afresh.</summary>
    public async Task WaitForNewMailAsync(TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        await CommitAsync(cancellationToken).ConfigureAwait(false);
        await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is null)
        {
            return;
        }

        // Disposing commits pending deletions (QUIT) if it can; a failure leaves the messages to be listed again.
        await _connector.DisconnectQuietlyAsync(_client, _endpoint).ConfigureAwait(false);
        _client.Dispose();
        _client = null;
    }

    /// <summary>QUIT, which makes the server remove the messages marked deleted, then drops the connection.</summary>
    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            return;
        }

        var client = _client;
        _client = null;
        _listed = false;
        _indexByUid.Clear();
        _deleted.Clear();
        try
        {
            if (client.IsConnected)
            {
                await CommandAsync(async ct =>
                {
                    await client.DisconnectAsync(true, ct).ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
            }

            _deletionsPending = false;
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Drops the connection without QUIT, so the server restores what this session marked deleted.</summary>
    private void Abandon()
    {
        _client?.Dispose();
        _client = null;
        _listed = false;
        _indexByUid.Clear();
        _deleted.Clear();
        _deletionsPending = false;
    }

    private (Pop3Client Client, int Index) Locate(MailboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_client is null || !_indexByUid.TryGetValue(message.MailboxId, out var index))
        {
            throw new InvalidOperationException($"Message '{message.MailboxId}' is not in this session's listing; list the mailbox again.");
        }

        return (_client, index);
    }

    private Task<T> CommandAsync<T>(Func<CancellationToken, Task<T>> command, CancellationToken cancellationToken) =>
        _connector.RunAsync(_endpoint, MailStage.Command, null, Timeout.InfiniteTimeSpan, command, cancellationToken);
}
