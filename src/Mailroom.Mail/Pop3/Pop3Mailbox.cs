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
    /// RETR the messages one after another (see <see cref="OpenOneAsync"/>), each spool closed when the next is asked
    /// for. A RETR the server answers with -ERR is that message's failure, in the server's words; the session goes
    /// on. A reply cut off throws: the connection cannot carry another command.
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
            catch (MailConnectionException e) when (_client is { IsConnected: true } && e.InnerException is Pop3CommandException)
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

    /// <summary>
    /// RETR the message into a spool file deleted on close, a block at a time (see <see cref="Pop3Retrieval"/>), so
    /// memory stays near one block whatever the size; the connection is free again when the stream is returned.
    /// </summary>
    private async Task<Stream> OpenOneAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        var (client, index) = Locate(message);
        var spool = Spool.Create(_connector.Options.SpoolDirectory);
        try
        {
            await CommandAsync(async ct =>
            {
                try
                {
                    await Pop3Retrieval.CopyAsync(client, index, spool, _connector.Options.CommandTimeout, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not Pop3CommandException)
                {
                    // Cut off in the middle of a reply, the connection cannot carry another command.
                    Abandon();
                    throw;
                }

                await spool.FlushAsync(ct).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            spool.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Marks each message deleted in turn (see <see cref="CompleteOneAsync"/>).</summary>
    public async Task<IReadOnlyList<PostActionFailure>> CompleteAsync(IReadOnlyList<MailboxMessage> messages, PostAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            await CompleteOneAsync(message, action, cancellationToken).ConfigureAwait(false);
        }

        return [];
    }

    /// <summary>
    /// Marks the message deleted whatever the action (POP3 has no folders or flags); QUIT commits it. A message this
    /// session's listing does not hold is already gone (an earlier run deleted it and crashed before it recorded so):
    /// that counts as done, because the monitor repeats the post-action after a crash.
    /// </summary>
    private async Task CompleteOneAsync(MailboxMessage message, PostAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(action);
        if (_client is null || !_listed)
        {
            // The UIDLs of this session are needed to tell a message that is gone from one that is here.
            await ListAsync(null, cancellationToken).ConfigureAwait(false);
        }

        if (!_indexByUid.TryGetValue(message.MailboxId, out var index) || !_deleted.Add(message.MailboxId))
        {
            return;
        }

        var client = _client!;
        try
        {
            await CommandAsync(async ct =>
            {
                await client.DeleteMessageAsync(index, ct).ConfigureAwait(false);
                _deletionsPending = true;
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _deleted.Remove(message.MailboxId);
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
