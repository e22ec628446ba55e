namespace Mailroom.Core.Monitor;

/// <summary>
/// Rebuilds conversations from reply headers, as mail readers do (after JWZ's threading): messages that share any
/// id through Message-ID, In-Reply-To or References belong to one thread, even when the message that links them is
/// missing (a "ghost" root). A message's parent is the message its In-Reply-To names, else the nearest message its
/// References name. Linear in the number of ids (union-find).
/// </summary>
public static class ThreadBuilder
{
    public static IReadOnlyList<MailThread> Build(IEnumerable<ThreadMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        var sets = new UnionFind();
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in list)
        {
            var own = m.MessageId ?? "\0key:" + m.Key;
            byId.TryAdd(own, m.Key);
            sets.Add(own);
            foreach (var other in Related(m))
            {
                sets.Union(own, other);
            }
        }

        var threads = new Dictionary<string, List<ThreadMessage>>(StringComparer.Ordinal);
        foreach (var m in list)
        {
            var root = sets.Find(m.MessageId ?? "\0key:" + m.Key);
            if (!threads.TryGetValue(root, out var members))
            {
                threads[root] = members = [];
            }

            members.Add(m);
        }

        return threads.Values.Select(members => new MailThread(
            members.Select(m => m.Key).ToList(),
            members.ToDictionary(m => m.Key, m => Parent(m, byId)))).ToList();
    }

    private static IEnumerable<string> Related(ThreadMessage m)
    {
        if (m.InReplyTo is { Length: > 0 } reply)
        {
            yield return reply;
        }

        foreach (var reference in m.References)
        {
            if (reference.Length > 0)
            {
                yield return reference;
            }
        }
    }

    private static string? Parent(ThreadMessage m, Dictionary<string, string> byId)
    {
        if (m.InReplyTo is { } reply && reply != m.MessageId && byId.TryGetValue(reply, out var parent))
        {
            return parent;
        }

        for (var i = m.References.Count - 1; i >= 0; i--)
        {
            if (m.References[i] != m.MessageId && byId.TryGetValue(m.References[i], out parent))
            {
                return parent;
            }
        }

        return null;
    }

    private sealed class UnionFind
    {
        private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);

        public void Add(string id) => _parent.TryAdd(id, id);

        public string Find(string id)
        {
            Add(id);
            var root = id;
            while (_parent[root] != root)
            {
                root = _parent[root];
            }

            // Path compression keeps later finds near constant time.
            while (_parent[id] != root)
            {
                var next = _parent[id];
                _parent[id] = root;
                id = next;
            }

            return root;
        }

        public void Union(string a, string b)
        {
            var ra = Find(a);
            var rb = Find(b);
            if (ra != rb)
            {
                _parent[rb] = ra;
            }
        }
    }
}
