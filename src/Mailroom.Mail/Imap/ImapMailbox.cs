using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;
using Mailroom.Mail.OAuth;
using MimeKit;
using MimeKit.Utils;

namespace Mailroom.Mail.Imap;

/// <summary>
/// One IMAP folder as the monitor reads it: listing by UID since a <c>UIDVALIDITY:UID</c> checkpoint, opening by
/// chunked fetch into a spool file, completing by flag, move or delete, and waiting with IDLE where offered.
/// Holds one connection; one task at a time.
/// </summary>
internal sealed partial class ImapMailbox : IIncomingMailbox
{
    private readonly MailEndpoint _endpoint;
    private readonly MailConnector _connector;
    private readonly Account _account;
    private readonly string? _folderName;
    private readonly Dictionary<string, IMailFolder> _destinations = new(StringComparer.Ordinal);
    private ImapClient _client;
    private IMailFolder _folder;
    private AccessToken? _token;
    private DateTimeOffset _tokenReceivedAt;
    private int _lastSeenCount;
    private volatile bool _newMailSeen;
    private CancellationTokenSource? _idleDone;

    private ImapMailbox(Session session, MailEndpoint endpoint, MailConnector connector, Account account, string? folderName)
    {
        _endpoint = endpoint;
        _connector = connector;
        _account = account;
        _folderName = folderName;
        _client = session.Client;
        _folder = session.Folder;
        Adopt(session);
    }

    /// <summary>The folder's current UIDVALIDITY (for tests and diagnostics).</summary>
    internal uint UidValidity => _folder.UidValidity;

    internal ImapClient Client => _client;

    /// <summary>Connects, signs in and opens <paramref name="folderName"/> (null or INBOX: the inbox) read-write.</summary>
    public static async Task<ImapMailbox> OpenAsync(MailConnector connector, Account account, string? folderName, CancellationToken cancellationToken)
    {
        var endpoint = MailEndpoint.Incoming(account);
        var session = await ConnectAsync(connector, endpoint, account, folderName, cancellationToken).ConfigureAwait(false);
        return new ImapMailbox(session, endpoint, connector, account, folderName);
    }

    private static async Task<Session> ConnectAsync(MailConnector connector, MailEndpoint endpoint, Account account, string? folderName, CancellationToken cancellationToken)
    {
        var client = new ImapClient();
        try
        {
            var receivedAt = connector.Time.GetUtcNow();
            var token = await connector.OpenAsync(client, endpoint, account, account.Credentials, cancellationToken).ConfigureAwait(false);
            var folder = await connector.RunAsync(endpoint, MailStage.OpenFolder, null, connector.Options.CommandTimeout, async ct =>
            {
                var f = string.IsNullOrWhiteSpace(folderName) || string.Equals(folderName, "INBOX", StringComparison.OrdinalIgnoreCase)
                    ? client.Inbox
                    : await client.GetFolderAsync(folderName, ct).ConfigureAwait(false);
                await f.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
                return f;
            }, cancellationToken).ConfigureAwait(false);
            return new Session(client, folder, token, receivedAt);
        }
        catch
        {
            await connector.DisconnectQuietlyAsync(client, endpoint).ConfigureAwait(false);
            client.Dispose();
            throw;
        }
    }

    private void Adopt(Session session)
    {
        _client = session.Client;
        _folder = session.Folder;
        _token = session.Token;
        _tokenReceivedAt = session.TokenReceivedAt;
        _lastSeenCount = _folder.Count;
        _destinations.Clear();
        _folder.CountChanged += OnCountChanged;
    }

    /// <summary>
    /// Whether the access token this connection signed in with ends soon. Servers that check tokens only at login
    /// (Dovecot) would let the session run on, but Exchange Online ends it (<c>BYE ... AccessTokenExpired</c>), so the
    /// connection is made again, with a fresh token, before that.
    /// </summary>
    private bool ReconnectDue => _token is { } token && _connector.Time.GetUtcNow() >= AccessTokenTiming.ReconnectAt(_tokenReceivedAt, token.ExpiresAt);

    /// <summary>
    /// Opens the connection again (signing in with a fresh token), the same folder selected, then drops the old one.
    /// The new one first: if signing in fails (sign-in needed), this mailbox still holds a client to dispose.
    /// </summary>
    private async Task ReconnectAsync(string reason, CancellationToken cancellationToken)
    {
        ConnectionLog.Reconnecting(_connector.Logger, _endpoint.ToString(), _account.Id, reason);
        var session = await ConnectAsync(_connector, _endpoint, _account, _folderName, cancellationToken).ConfigureAwait(false);
        _folder.CountChanged -= OnCountChanged;
        await _connector.DisconnectQuietlyAsync(_client, _endpoint).ConfigureAwait(false);
        _client.Dispose();
        Adopt(session);
    }

    private sealed record Session(ImapClient Client, IMailFolder Folder, AccessToken? Token, DateTimeOffset TokenReceivedAt);

    public Task<MailboxListing> ListAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        var previous = ImapCheckpoint.Parse(checkpoint);
        return CommandAsync(async ct =>
        {
            // A server announces new messages (EXISTS) only between commands, and SEARCH and FETCH see only announced
            // ones: NOOP first, so the listing includes everything delivered up to now.
            await _client.NoOpAsync(ct).ConfigureAwait(false);
            _newMailSeen = false;
            _lastSeenCount = _folder.Count;
            var validity = _folder.UidValidity;
            if (previous is { } p && p.Validity == validity)
            {
                return await ListSinceAsync(p, ct).ConfigureAwait(false);
            }

            return await ListUnreadAsync(validity, reset: previous is not null, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Every message with a UID above the checkpoint that is not marked deleted.</summary>
    private async Task<MailboxListing> ListSinceAsync(ImapCheckpoint since, CancellationToken ct)
    {
        var validity = since.Validity;
        // "n:*" always includes the highest UID even when it is below n (RFC 9051 6.4.4), hence the filter.
        var query = SearchQuery.Uids(new UniqueIdRange(new UniqueId(validity, since.LastUid + 1), UniqueId.MaxValue)).And(SearchQuery.NotDeleted);
        var uids = (await _folder.SearchAsync(query, ct).ConfigureAwait(false)).Where(u => u.Id > since.LastUid).ToList();
        var messages = await DescribeAsync(uids, validity, ct).ConfigureAwait(false);
        var last = uids.Count == 0 ? since.LastUid : Math.Max(since.LastUid, uids.Max(u => u.Id));
        return new MailboxListing(messages, new ImapCheckpoint(validity, last).ToString(), CheckpointReset: false);
    }

    /// <summary>
    /// The first listing, or the one after a UIDVALIDITY change: the unread messages not marked deleted. Messages
    /// already filed are read (mark-read), moved or deleted, so they are not listed again even though their UIDs
    /// changed; the checkpoint covers every message present, read or not, from one FETCH so none slips between.
    /// </summary>
    private async Task<MailboxListing> ListUnreadAsync(uint validity, bool reset, CancellationToken ct)
    {
        var all = _folder.Count == 0
            ? []
            : await _folder.FetchAsync(0, -1, new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags), ct).ConfigureAwait(false);
        var unread = all.Where(s => s.Flags is { } f && !f.HasFlag(MessageFlags.Seen) && !f.HasFlag(MessageFlags.Deleted)).Select(s => s.UniqueId).ToList();
        // Worked out before the next FETCH, so that the summaries of the whole folder are not kept across it.
        var last = all.Count == 0 ? 0u : all.Max(s => s.UniqueId.Id);
        var messages = await DescribeAsync(unread, validity, ct).ConfigureAwait(false);
        return new MailboxListing(messages, new ImapCheckpoint(validity, last).ToString(), reset);
    }

    /// <summary>
    /// UID, size and the Message-ID header of each message, in UID order. Not ENVELOPE: a server sends its fields (a
    /// folded subject, a long address list) as literals, and one over MailKit's token limit (4 KB) fails the whole
    /// listing with a protocol error, so one odd message would stop the mailbox. The header comes as a body section,
    /// which has no such limit, and only the one header the monitor needs is asked for. In pieces of
    /// <see cref="MailConnectionOptions.ListChunk"/> UIDs, so that only a piece's summaries are held at once.
    /// </summary>
    private async Task<IReadOnlyList<MailboxMessage>> DescribeAsync(IList<UniqueId> uids, uint validity, CancellationToken ct)
    {
        var messages = new List<MailboxMessage>(uids.Count);
        var request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Size, ListedHeaders);
        foreach (var chunk in uids.OrderBy(u => u.Id).Chunk(_connector.Options.ListChunk))
        {
            var summaries = await _folder.FetchAsync(chunk, request, ct).ConfigureAwait(false);
            messages.AddRange(summaries
                .OrderBy(s => s.UniqueId.Id)
                .Select(s => new MailboxMessage(ImapMessageId.Format(validity, s.UniqueId), s.Size, MessageIdOf(s))));
        }

        return messages;
    }

    private static readonly HeaderId[] ListedHeaders = [HeaderId.MessageId];

    /// <summary>The Message-ID without its angle brackets, as MimeKit gives it for a parsed message; null when absent or unreadable.</summary>
    private static string? MessageIdOf(IMessageSummary summary) =>
        summary.Headers?[HeaderId.MessageId] is { Length: > 0 } value ? MimeUtils.ParseMessageId(value) ?? value.Trim() : null;

    public async ValueTask DisposeAsync()
    {
        _folder.CountChanged -= OnCountChanged;
        await _connector.DisconnectQuietlyAsync(_client, _endpoint).ConfigureAwait(false);
        _client.Dispose();
    }

    /// <summary>
    /// Runs a command on the open folder (reconnecting first when the access token ends soon, so long fetches outlive
    /// a token); any failure becomes a <see cref="MailConnectionException"/>.
    /// </summary>
    private async Task<T> CommandAsync<T>(Func<CancellationToken, Task<T>> command, CancellationToken cancellationToken)
    {
        if (ReconnectDue)
        {
            await ReconnectAsync("the access token ends soon", cancellationToken).ConfigureAwait(false);
        }

        // No extra time limit: MailKit's per-read timeout (CommandTimeout) already ends a silent server, and a long
        // listing or a large message must not be cut off while data still flows.
        return await _connector.RunAsync(_endpoint, MailStage.Command, null, Timeout.InfiniteTimeSpan, command, cancellationToken).ConfigureAwait(false);
    }
}
