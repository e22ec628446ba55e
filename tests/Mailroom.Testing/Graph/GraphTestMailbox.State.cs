using System.Text;
using MimeKit;

namespace Mailroom.Testing.Graph;

/// <summary>The mailbox's state changes, each under its lock; the request handlers and the test side share them.</summary>
public sealed partial class GraphTestMailbox
{
    internal GraphTestFolder? ResolveFolder(string idOrWellKnownName) =>
        _folders.FirstOrDefault(f => f.Id == idOrWellKnownName)
        ?? _folders.FirstOrDefault(f => f.WellKnownName is not null && f.WellKnownName.Equals(idOrWellKnownName, StringComparison.OrdinalIgnoreCase));

    internal string ResolveFolderLocked(string wellKnownName)
    {
        lock (_gate)
        {
            return ResolveFolder(wellKnownName)!.Id;
        }
    }

    internal GraphTestFolder? ChildNamed(string parentId, string displayName) =>
        _folders.FirstOrDefault(f => f.ParentFolderId == parentId && f.DisplayName.Equals(displayName, StringComparison.OrdinalIgnoreCase));

    internal IReadOnlyList<GraphTestFolder> ChildrenOf(string parentId) =>
        [.. _folders.Where(f => f.ParentFolderId == parentId).OrderBy(f => f.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.Id, StringComparer.Ordinal)];

    internal IReadOnlyList<GraphTestMessage> MessagesIn(string folderId) =>
        [.. _messages.Values.Where(m => m.FolderId == folderId).OrderBy(m => m.Key)];

    internal (int Children, int Unread, int Total, long Size) CountsOf(string folderId)
    {
        var messages = _messages.Values.Where(m => m.FolderId == folderId).ToList();
        return (_folders.Count(f => f.ParentFolderId == folderId), messages.Count(m => !m.IsRead), messages.Count, messages.Sum(m => (long)m.Mime.Length));
    }

    internal GraphTestFolder AddFolder(string displayName, string parentId, string? wellKnownName, bool hidden)
    {
        var folder = new GraphTestFolder(GraphIds.Folder(_guid, ++_nextFolder), displayName, parentId, wellKnownName, hidden);
        _folders.Add(folder);
        return folder;
    }

    internal GraphTestMessage? FindLocked(string id) =>
        _ids.TryGetValue(id, out var key) && _messages.TryGetValue(key, out var message) ? message : null;

    internal GraphTestMessage Deliver(byte[] mime, string folderId, bool isRead, DateTimeOffset received)
    {
        var parsed = MimeMessage.Load(new MemoryStream(mime));
        if (string.IsNullOrEmpty(parsed.MessageId))
        {
            // Exchange gives a message without a Message-ID one of its own when it stores it.
            var domain = Address.Contains('@') ? Address[(Address.IndexOf('@') + 1)..] : "graph.test";
            var header = Encoding.ASCII.GetBytes($"Message-ID: <{Guid.NewGuid():N}@{domain}>\r\n");
            mime = [.. header, .. mime];
            parsed = MimeMessage.Load(new MemoryStream(mime));
        }

        var summary = GraphMimeSummary.Read(parsed);
        lock (_gate)
        {
            var key = ++_nextKey;
            var message = new GraphTestMessage
            {
                Key = key,
                ImmutableId = GraphIds.Immutable(_guid, key),
                RestId = GraphIds.Rest(_guid, key, 0),
                FolderId = folderId,
                Mime = mime,
                IsRead = isRead,
                InternetMessageId = "<" + parsed.MessageId + ">",
                Subject = summary.Subject,
                ReceivedDateTime = Truncate(received),
                SentDateTime = Truncate(summary.Date ?? received),
                CreatedDateTime = Truncate(received),
                LastModifiedDateTime = Truncate(received),
                Version = 1,
                Summary = summary,
            };
            _messages[key] = message;
            _ids[message.ImmutableId] = key;
            _ids[message.RestId] = key;
            return message;
        }
    }

    internal GraphTestMessage Replace(GraphTestMessage changed)
    {
        var updated = changed with { Version = changed.Version + 1, LastModifiedDateTime = Truncate(_clock.GetUtcNow()) };
        _messages[updated.Key] = updated;
        return updated;
    }

    internal GraphTestMessage MoveLocked(GraphTestMessage message, string folderId)
    {
        // A move makes a new item in the destination (message-move.md): a new default id; the old one finds nothing.
        var moves = _moves.GetValueOrDefault(message.Key) + 1;
        _moves[message.Key] = moves;
        _ids.Remove(message.RestId);
        var moved = message with { FolderId = folderId, RestId = GraphIds.Rest(_guid, message.Key, moves) };
        _ids[moved.RestId] = moved.Key;
        return Replace(moved);
    }

    internal void RemoveLocked(GraphTestMessage message)
    {
        _messages.Remove(message.Key);
        _ids.Remove(message.RestId);
        _ids.Remove(message.ImmutableId);
    }

    // Outlook keeps times to the second; Graph writes them as 2024-05-01T10:00:00Z.
    private static DateTimeOffset Truncate(DateTimeOffset at) =>
        new DateTimeOffset(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
