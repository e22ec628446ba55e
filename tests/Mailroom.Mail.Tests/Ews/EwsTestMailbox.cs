using System.Security.Cryptography;
using System.Text;

namespace Mailroom.Mail.Tests.Ews;

/// <summary>
/// The in-memory store behind the test EWS server: folders of items with ids, ChangeKeys, MIME and a read flag,
/// and the sync states it has handed out. Thread-safe through one lock: Kestrel serves requests concurrently.
/// </summary>
internal sealed class EwsTestMailbox
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TestFolder> _folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string FolderId, long Sequence)> _syncStates = new(StringComparer.Ordinal);
    private long _sequence;

    public EwsTestMailbox()
    {
        Root = AddFolder("msgfolderroot", "Top of Information Store", null);
        Inbox = AddFolder("inbox", "Inbox", Root.Id);
        SentItems = AddFolder("sentitems", "Sent Items", Root.Id);
        DeletedItems = AddFolder("deleteditems", "Deleted Items", Root.Id);
    }

    public TestFolder Root { get; }

    public TestFolder Inbox { get; }

    public TestFolder SentItems { get; }

    public TestFolder DeletedItems { get; }

    /// <summary>Messages sent with CreateItem, with the Bcc given apart from the MIME.</summary>
    public List<(byte[] Mime, IReadOnlyList<string> Bcc)> Sent { get; } = [];

    public TestFolder AddFolder(string name, string? parentId = null) => AddFolder(NewId("F"), name, parentId ?? Root.Id);

    private TestFolder AddFolder(string id, string name, string? parentId)
    {
        lock (_lock)
        {
            var folder = new TestFolder(id, name, parentId);
            _folders[id] = folder;
            return folder;
        }
    }

    public TestItem Deliver(string subject, bool isRead = false, TestFolder? folder = null, string? body = null)
    {
        var mime = $"From: customer@example.org\r\nTo: desk@example.com\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@example.org>\r\n\r\n{body ?? "Hello " + subject}\r\n";
        return Deliver(Encoding.UTF8.GetBytes(mime), isRead, folder);
    }

    public TestItem Deliver(byte[] mime, bool isRead = false, TestFolder? folder = null)
    {
        lock (_lock)
        {
            var item = new TestItem(NewId("I"), mime) { IsRead = isRead, Sequence = ++_sequence, Received = DateTimeOffset.UtcNow.AddSeconds(_sequence) };
            (folder ?? Inbox).Items.Add(item);
            Notify(folder ?? Inbox, item, "CreatedEvent", "NewMailEvent");
            return item;
        }
    }

    public TestFolder? Folder(string id)
    {
        lock (_lock)
        {
            return _folders.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<TestFolder> Children(string parentId)
    {
        lock (_lock)
        {
            return _folders.Values.Where(f => f.ParentId == parentId).ToList();
        }
    }

    public (TestItem Item, TestFolder Folder)? Find(string itemId)
    {
        lock (_lock)
        {
            foreach (var folder in _folders.Values)
            {
                var item = folder.Items.FirstOrDefault(i => i.Id == itemId);
                if (item is not null)
                {
                    return (item, folder);
                }
            }

            return null;
        }
    }

    /// <summary>Moves an item; like Exchange, the moved item gets a new id.</summary>
    public TestItem Move(TestItem item, TestFolder from, TestFolder to)
    {
        lock (_lock)
        {
            from.Items.Remove(item);
            var moved = item with { Id = NewId("I"), Sequence = ++_sequence };
            to.Items.Add(moved);
            Notify(from, moved, "MovedEvent");
            Notify(to, moved, "MovedEvent");
            return moved;
        }
    }

    public void Remove(TestItem item, TestFolder from)
    {
        lock (_lock)
        {
            from.Items.Remove(item);
        }
    }

    public void Sent_(byte[] mime, IReadOnlyList<string> bcc)
    {
        lock (_lock)
        {
            Sent.Add((mime, bcc));
            SentItems.Items.Add(new TestItem(NewId("I"), mime) { IsRead = true, Sequence = ++_sequence, Received = DateTimeOffset.UtcNow });
        }
    }

    /// <summary>Items created in the folder after the state (oldest first), at most <paramref name="max"/>, and the new state.</summary>
    public (IReadOnlyList<TestItem> Created, string State, bool Last)? Sync(TestFolder folder, string? state, int max)
    {
        lock (_lock)
        {
            long since = 0;
            if (!string.IsNullOrEmpty(state))
            {
                if (!_syncStates.TryGetValue(state, out var known) || known.FolderId != folder.Id)
                {
                    return null;
                }

                since = known.Sequence;
            }

            var pending = folder.Items.Where(i => i.Sequence > since).OrderBy(i => i.Sequence).ToList();
            var page = pending.Take(max).ToList();
            var upTo = page.Count > 0 ? page[^1].Sequence : Math.Max(since, _sequence);
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
            _syncStates[token] = (folder.Id, upTo);
            return (page, token, pending.Count <= max);
        }
    }

    /// <summary>Forgets every sync state handed out, as a server does after a mailbox move or a restore.</summary>
    public void ForgetSyncStates()
    {
        lock (_lock)
        {
            _syncStates.Clear();
        }
    }

    /// <summary>Subscriptions handed out by Subscribe, by id.</summary>
    private readonly Dictionary<string, TestSubscription> _subscriptions = new(StringComparer.Ordinal);

    /// <summary>Subscribes a folder to events of the given types; a pull subscription starts at watermark 0.</summary>
    public TestSubscription Subscribe(TestFolder folder, IReadOnlyCollection<string> eventTypes, bool streaming)
    {
        lock (_lock)
        {
            var subscription = new TestSubscription(Guid.NewGuid().ToString(), folder.Id, eventTypes, streaming);
            _subscriptions[subscription.Id] = subscription;
            return subscription;
        }
    }

    /// <summary>The subscription with this id; null when unknown or expired (<see cref="ExpireSubscriptions"/>).</summary>
    public TestSubscription? Subscription(string id)
    {
        lock (_lock)
        {
            return _subscriptions.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<TestSubscription> Subscriptions
    {
        get
        {
            lock (_lock)
            {
                return [.. _subscriptions.Values];
            }
        }
    }

    /// <summary>Forgets every subscription, as Exchange does when one times out or the EWS process restarts.</summary>
    public void ExpireSubscriptions()
    {
        lock (_lock)
        {
            foreach (var subscription in _subscriptions.Values)
            {
                subscription.Expire();
            }

            _subscriptions.Clear();
        }
    }

    private void Notify(TestFolder folder, TestItem item, params string[] eventTypes)
    {
        foreach (var subscription in _subscriptions.Values.Where(s => s.FolderId == folder.Id))
        {
            foreach (var type in eventTypes.Where(subscription.EventTypes.Contains))
            {
                subscription.Add(new TestEvent(type, item.Id, folder.Id, DateTimeOffset.UtcNow));
            }
        }
    }

    private static string NewId(string kind) => kind + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).Replace('/', '_');
}

internal sealed class TestFolder(string id, string name, string? parentId)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public string? ParentId { get; } = parentId;

    public List<TestItem> Items { get; } = [];
}

internal sealed record TestItem(string Id, byte[] Mime)
{
    public bool IsRead { get; set; }

    public long Sequence { get; init; }

    public int ChangeVersion { get; set; } = 1;

    public DateTimeOffset Received { get; init; }

    public string ChangeKey => $"CQAAAB{ChangeVersion:D4}";

    /// <summary>A response code every operation on this item is refused with (ErrorAccessDenied, …); null: none.</summary>
    public string? Refusal { get; set; }
}

/// <summary>One event as Exchange queues it for a subscription.</summary>
internal sealed record TestEvent(string Type, string ItemId, string ParentFolderId, DateTimeOffset TimeStamp)
{
    public long Watermark { get; init; }
}

/// <summary>
/// A subscription's event queue. Streaming connections wait on it; pull subscriptions read it from a watermark.
/// Thread-safe: Kestrel serves the streaming connection and the requests that cause events concurrently.
/// </summary>
internal sealed class TestSubscription(string id, string folderId, IReadOnlyCollection<string> eventTypes, bool streaming)
{
    private readonly Lock _lock = new();
    private readonly List<TestEvent> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _watermark;
    private int _delivered;

    public string Id { get; } = id;

    public string FolderId { get; } = folderId;

    public IReadOnlyCollection<string> EventTypes { get; } = eventTypes;

    public bool Streaming { get; } = streaming;

    public bool Expired { get; private set; }

    public void Add(TestEvent change)
    {
        lock (_lock)
        {
            _events.Add(change with { Watermark = ++_watermark });
            _changed.TrySetResult();
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Expire()
    {
        lock (_lock)
        {
            Expired = true;
            _changed.TrySetResult();
        }
    }

    /// <summary>The events not yet streamed, taken off the queue; or a task that completes when one comes.</summary>
    public (IReadOnlyList<TestEvent> Events, Task Changed) TakeStreamed()
    {
        lock (_lock)
        {
            var taken = _events.Skip(_delivered).ToList();
            _delivered = _events.Count;
            return (taken, _changed.Task);
        }
    }

    /// <summary>The events after <paramref name="watermark"/>; null when the watermark is not one this subscription gave.</summary>
    public IReadOnlyList<TestEvent>? After(long watermark)
    {
        lock (_lock)
        {
            return watermark > _watermark || watermark < 0 ? null : _events.Where(e => e.Watermark > watermark).ToList();
        }
    }

    public long Watermark
    {
        get
        {
            lock (_lock)
            {
                return _watermark;
            }
        }
    }
}
