using MimeKit;

namespace Mailroom.Testing.Graph;

/// <summary>
/// A user or shared mailbox on the <see cref="GraphTestServer"/>: Outlook's well-known folders under the root
/// (<c>msgfolderroot</c>), created folders and child folders, and messages with their MIME. The test side of it
/// (<see cref="AddMessage(string, string, bool, DateTimeOffset?)"/>, <see cref="MarkRead"/>, <see cref="Move"/>,
/// <see cref="Delete"/>) acts as another mail client would, so a client's delta query sees the change; faults and
/// held requests are injected here per mailbox, as Outlook's limits are per app and mailbox (throttling.md).
/// </summary>
public sealed partial class GraphTestMailbox
{
    /// <summary>The well-known folders and their display names, as Outlook names them in English.</summary>
    private static readonly (string Name, string DisplayName)[] WellKnownFolders =
    [
        ("archive", "Archive"),
        ("conversationhistory", "Conversation History"),
        ("deleteditems", "Deleted Items"),
        ("drafts", "Drafts"),
        ("inbox", "Inbox"),
        ("junkemail", "Junk Email"),
        ("outbox", "Outbox"),
        ("sentitems", "Sent Items"),
    ];

    private readonly object _gate = new(); // Monitor: reentrant, as the public helpers call each other under it
    private readonly Guid _guid;
    private readonly TimeProvider _clock;
    private readonly List<GraphTestFolder> _folders = [];
    private readonly Dictionary<long, GraphTestMessage> _messages = [];
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _moves = [];
    private readonly List<GraphFault> _faults = [];
    private readonly HashSet<string> _sendAs = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _delegates = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _blockedApps = new(StringComparer.OrdinalIgnoreCase);
    private int _nextFolder;
    private long _nextKey;
    private int _inFlight;
    private int _replays;
    private TaskCompletionSource? _hold;

    internal GraphTestMailbox(string address, bool isShared, TimeProvider clock)
    {
        Address = address;
        IsShared = isShared;
        _clock = clock;
        _guid = Guid.NewGuid();
        Id = _guid.ToString();
        Root = AddFolder("Top of Information Store", "", "msgfolderroot", hidden: false);
        foreach (var (name, displayName) in WellKnownFolders)
        {
            AddFolder(displayName, Root.Id, name, hidden: false);
        }

        var recoverable = AddFolder("Recoverable Items", "", "recoverableitemsroot", hidden: true);
        AddFolder("Deletions", recoverable.Id, "recoverableitemsdeletions", hidden: true);
    }

    /// <summary>The primary address (<c>userPrincipalName</c>); <c>/users/{address}</c> finds it, in any case.</summary>
    public string Address { get; }

    /// <summary>The user's object id; <c>/users/{id}</c> finds it as well.</summary>
    public string Id { get; }

    public bool IsShared { get; }

    /// <summary>The root folder (<c>msgfolderroot</c>), parent of the top-level folders.</summary>
    public GraphTestFolder Root { get; }

    internal object Gate => _gate;

    internal Dictionary<string, GraphDeltaSkip> SkipTokens { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, GraphDeltaLink> DeltaTokens { get; } = new(StringComparer.Ordinal);

    internal HashSet<string> ResyncTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Every folder, hidden ones and the root included.</summary>
    public IReadOnlyList<GraphTestFolder> Folders
    {
        get
        {
            lock (_gate)
            {
                return [.. _folders];
            }
        }
    }

    /// <summary>Requests to this mailbox being answered now (held ones included).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>A folder by id, well-known name or display name (top-level first, then any); throws when none.</summary>
    public GraphTestFolder Folder(string idOrName)
    {
        lock (_gate)
        {
            return ResolveFolder(idOrName)
                ?? _folders.FirstOrDefault(f => f.ParentFolderId == Root.Id && f.DisplayName.Equals(idOrName, StringComparison.OrdinalIgnoreCase))
                ?? _folders.FirstOrDefault(f => f.DisplayName.Equals(idOrName, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"The mailbox {Address} has no folder '{idOrName}'.");
        }
    }

    /// <summary>Creates a folder as a user would, under the root or under <paramref name="parent"/> (id or name).</summary>
    public GraphTestFolder CreateFolder(string displayName, string? parent = null, bool hidden = false)
    {
        lock (_gate)
        {
            var parentId = parent is null ? Root.Id : Folder(parent).Id;
            if (ChildNamed(parentId, displayName) is not null)
            {
                throw new InvalidOperationException($"The mailbox {Address} already has a folder '{displayName}' there.");
            }

            return AddFolder(displayName, parentId, null, hidden);
        }
    }

    /// <summary>Delivers a message (raw MIME) into a folder, as the transport would; Exchange's own Message-ID is
    /// added when the MIME has none.</summary>
    public GraphTestMessage AddMessage(string mime, string folder = "inbox", bool isRead = false, DateTimeOffset? received = null) =>
        AddMessage(System.Text.Encoding.UTF8.GetBytes(mime), folder, isRead, received);

    /// <inheritdoc cref="AddMessage(string, string, bool, DateTimeOffset?)"/>
    public GraphTestMessage AddMessage(byte[] mime, string folder = "inbox", bool isRead = false, DateTimeOffset? received = null)
    {
        var folderId = Folder(folder).Id;
        return Deliver(mime, folderId, isRead, received ?? _clock.GetUtcNow());
    }

    /// <summary>The messages of a folder (id or name), in the order they arrived.</summary>
    public IReadOnlyList<GraphTestMessage> Messages(string folder)
    {
        var folderId = Folder(folder).Id;
        lock (_gate)
        {
            return [.. _messages.Values.Where(m => m.FolderId == folderId).OrderBy(m => m.Key)];
        }
    }

    /// <summary>Every message of the mailbox, in the order they arrived.</summary>
    public IReadOnlyList<GraphTestMessage> AllMessages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages.Values.OrderBy(m => m.Key)];
            }
        }
    }

    /// <summary>A message by either of its ids (as Graph accepts both), or null: an old default id of a message
    /// that has moved since finds nothing.</summary>
    public GraphTestMessage? Find(string id)
    {
        lock (_gate)
        {
            return FindLocked(id);
        }
    }

    /// <summary>The message as it is now, by its immutable id; throws when it is gone.</summary>
    public GraphTestMessage Current(GraphTestMessage message) =>
        Find(message.ImmutableId) ?? throw new InvalidOperationException($"The message {message.InternetMessageId} is no longer in {Address}.");

    /// <summary>Marks a message read or unread, as another client would.</summary>
    public GraphTestMessage MarkRead(string id, bool isRead = true)
    {
        lock (_gate)
        {
            var message = FindLocked(id) ?? throw new InvalidOperationException($"No message {id} in {Address}.");
            return Replace(message with { IsRead = isRead });
        }
    }

    /// <summary>Moves a message to a folder (id or name), as another client would; its default id changes.</summary>
    public GraphTestMessage Move(string id, string folder)
    {
        var folderId = Folder(folder).Id;
        lock (_gate)
        {
            var message = FindLocked(id) ?? throw new InvalidOperationException($"No message {id} in {Address}.");
            return MoveLocked(message, folderId);
        }
    }

    /// <summary>Deletes a message for good, as another client emptying the folder would.</summary>
    public void Delete(string id)
    {
        lock (_gate)
        {
            var message = FindLocked(id) ?? throw new InvalidOperationException($"No message {id} in {Address}.");
            RemoveLocked(message);
        }
    }

    /// <summary>Lets this mailbox send as another address (a From other than its own; Send As permission).</summary>
    public void AllowSendAs(string address)
    {
        lock (_gate)
        {
            _sendAs.Add(address);
        }
    }

    /// <summary>Gives a user delegated access to this mailbox (full access, for <c>*.Shared</c> delegated scopes).</summary>
    public void GrantAccess(string user)
    {
        lock (_gate)
        {
            _delegates.Add(user);
        }
    }

    /// <summary>Shuts an app (client id) out of this mailbox, as an application access policy does in Exchange Online.</summary>
    public void BlockApp(string appId)
    {
        lock (_gate)
        {
            _blockedApps.Add(appId);
        }
    }

    /// <summary>Answers requests to this mailbox with <paramref name="fault"/> (see <see cref="GraphFault"/>).</summary>
    public void InjectFault(GraphFault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Forgets every delta token of this mailbox, as Outlook's token cache does when it overflows
    /// (delta-query-overview.md, token duration): using one is answered 410 with <c>syncStateNotFound</c>.</summary>
    public void ExpireDeltaTokens()
    {
        lock (_gate)
        {
            SkipTokens.Clear();
            DeltaTokens.Clear();
            ResyncTokens.Clear();
        }
    }

    /// <summary>Makes every delta token issued so far answer a synchronization reset (delta-query-overview.md): 410
    /// with <c>resyncRequired</c> and a <c>Location</c> header holding the initial request with an empty
    /// <c>$deltatoken</c>.</summary>
    public void RequireResync()
    {
        lock (_gate)
        {
            ResyncTokens.UnionWith(SkipTokens.Keys);
            ResyncTokens.UnionWith(DeltaTokens.Keys);
        }
    }

    /// <summary>Makes the next <paramref name="rounds"/> delta rounds started from a delta link hand out the previous
    /// round's changes again before the new ones: the replays delta-query-overview.md tells clients to expect.</summary>
    public void ReplayDeltaChanges(int rounds = 1)
    {
        lock (_gate)
        {
            _replays += rounds;
        }
    }

    /// <summary>Holds every request to this mailbox, once it has its place among the concurrent ones, until the
    /// returned object is disposed: so a test can have requests in flight at once (the concurrency limit).</summary>
    public IDisposable HoldRequests()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _hold, hold)?.TrySetResult();
        return new Release(() =>
        {
            Interlocked.CompareExchange(ref _hold, null, hold);
            hold.TrySetResult();
        });
    }

    internal Task WaitWhileHeldAsync() => Volatile.Read(ref _hold)?.Task ?? Task.CompletedTask;

    internal int Enter() => Interlocked.Increment(ref _inFlight);

    internal void Leave() => Interlocked.Decrement(ref _inFlight);

    internal bool TakeReplay()
    {
        lock (_gate)
        {
            if (_replays <= 0)
            {
                return false;
            }

            _replays--;
            return true;
        }
    }

    internal GraphFault? TakeFault(GraphRequestKind kind)
    {
        lock (_gate)
        {
            return _faults.FirstOrDefault(f => f.TryTake(kind));
        }
    }

    internal bool MaySendAs(string address)
    {
        lock (_gate)
        {
            return address.Equals(Address, StringComparison.OrdinalIgnoreCase) || _sendAs.Contains(address);
        }
    }

    internal bool HasDelegate(string user)
    {
        lock (_gate)
        {
            return _delegates.Contains(user);
        }
    }

    internal bool Blocks(string? appId)
    {
        lock (_gate)
        {
            return appId is not null && _blockedApps.Contains(appId);
        }
    }

    private sealed class Release(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
