using Mailroom.Core.Monitor;
using Mailroom.Mail.Parsing;
using Mailroom.Testing;

namespace Mailroom.Mail.Tests.Parsing;

/// <summary>
/// notmuch's test corpora, threaded by <see cref="ThreadBuilder"/> from their reply headers alone and compared with
/// the thread trees notmuch draws (<c>expected/notmuch-tree-tag-inbox</c>) and with its threading edge cases.
/// </summary>
public sealed class NotmuchThreadingTests
{
    /// <summary>In the expected drawing the tree starts in this column: two spaces, date, two spaces, 20-character author, two spaces.</summary>
    private const int TreeColumn = 2 + 10 + 2 + 20 + 2;

    [CopyleftCorpusFact]
    public async Task The_default_corpus_rebuilds_the_thread_trees_notmuch_draws()
    {
        var messages = await ReadAllAsync(RepoPaths.CorpusPath("notmuch", "default"));
        Assert.Equal(53, messages.Count);

        // Two files hold the same message (bar/18 and cur/51): like notmuch, and like the monitor, count it once.
        var unique = messages.Values.OrderBy(m => m.Thread.Key, StringComparer.Ordinal).DistinctBy(m => m.Thread.MessageId).ToList();
        Assert.Equal(52, unique.Count);
        var threads = ThreadBuilder.Build(unique.Select(m => m.Thread));

        // Each thread as its messages in tree order (children oldest first): "author@depth" per message.
        var built = threads.Select(t => Draw(t, messages)).ToList();
        var expected = ExpectedThreads(await File.ReadAllLinesAsync(RepoPaths.CorpusPath("notmuch", "expected", "notmuch-tree-tag-inbox")));
        Assert.Equal(24, expected.Count);
        Assert.Equal(expected.Count, built.Count);
        Assert.Equal(expected.Select(Join).Order(StringComparer.Ordinal), built.Select(Join).Order(StringComparer.Ordinal));
    }

    [CopyleftCorpusFact]
    public async Task In_reply_to_names_the_parent_even_when_references_disagree()
    {
        var messages = await ReadAllAsync(RepoPaths.CorpusPath("notmuch", "threading", "parent-priority"));

        var thread = Assert.Single(ThreadBuilder.Build(messages.Values.Select(m => m.Thread)));

        Assert.Null(thread.ParentOf["cur/root"]);
        Assert.Equal("cur/root", thread.ParentOf["cur/child"]); // References misspells the root's id; In-Reply-To has it right
        Assert.Equal("cur/child", thread.ParentOf["cur/grand-child"]);
    }

    [CopyleftCorpusFact]
    public async Task Messages_whose_common_root_is_missing_or_faked_still_form_one_thread()
    {
        var messages = await ReadAllAsync(RepoPaths.CorpusPath("notmuch", "threading", "ghost-root"));

        var threads = ThreadBuilder.Build(messages.Values.Select(m => m.Thread));

        Assert.Equal(2, threads.Count);
        var examples = Assert.Single(threads, t => t.Keys.Contains("real-root"));
        Assert.Equal(["child", "fake-root", "grand-child", "grand-child2", "great-grand-child", "real-root"], examples.Keys.Order(StringComparer.Ordinal));
        Assert.Null(examples.ParentOf["real-root"]);
        Assert.Equal("real-root", examples.ParentOf["child"]);
        Assert.Equal("child", examples.ParentOf["grand-child2"]);
        Assert.Equal("grand-child", examples.ParentOf["great-grand-child"]);

        // The ticket system's two mails share only a Message-ID no message has (the ticket's): one thread with the
        // mail the first one answers.
        Assert.Equal(3, threads.Single(t => t != examples).Keys.Count);
    }

    private static string Join(IReadOnlyList<string> lines) => string.Join(" | ", lines);

    /// <summary>The expected drawing cut into threads: a line whose arrow stands in the first tree column starts one.</summary>
    private static List<IReadOnlyList<string>> ExpectedThreads(IEnumerable<string> lines)
    {
        var threads = new List<IReadOnlyList<string>>();
        List<string>? current = null;
        foreach (var line in lines.Where(l => l.Contains('►', StringComparison.Ordinal)))
        {
            var depth = line.IndexOf('►', StringComparison.Ordinal) - TreeColumn - 1;
            if (depth == 0)
            {
                current = [];
                threads.Add(current);
            }

            current!.Add($"{line[14..34].Trim()}@{depth}");
        }

        return threads;
    }

    /// <summary>A built thread drawn as notmuch does: depth-first from the roots, children oldest first.</summary>
    private static List<string> Draw(MailThread thread, IReadOnlyDictionary<string, Message> messages)
    {
        var children = thread.Keys.ToLookup(k => thread.ParentOf[k] ?? string.Empty);
        var lines = new List<string>();
        void Visit(string key, int depth)
        {
            lines.Add($"{messages[key].Author}@{depth}");
            foreach (var child in children[key].OrderBy(k => messages[k].Date))
            {
                Visit(child, depth + 1);
            }
        }

        foreach (var root in children[string.Empty].OrderBy(k => messages[k].Date))
        {
            Visit(root, 0);
        }

        return lines;
    }

    private static async Task<Dictionary<string, Message>> ReadAllAsync(string directory)
    {
        var messages = new Dictionary<string, Message>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(directory, "*", SearchOption.AllDirectories))
        {
            await using var stream = File.OpenRead(path);
            var facts = await IncomingMailReader.ReadAsync(stream, CancellationToken.None);
            var key = Path.GetRelativePath(directory, path);
            var author = string.IsNullOrWhiteSpace(facts.From?.DisplayName) ? facts.From?.Address ?? "" : facts.From.DisplayName;
            messages.Add(key, new Message(
                new ThreadMessage(key, facts.MessageId, facts.InReplyTo, facts.References),
                author.Length > 20 ? author[..20].Trim() : author.Trim(),
                facts.Date ?? DateTimeOffset.MinValue));
        }

        return messages;
    }

    private sealed record Message(ThreadMessage Thread, string Author, DateTimeOffset Date);
}
