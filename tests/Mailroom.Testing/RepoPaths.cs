namespace Mailroom.Testing;

/// <summary>
/// Where the repository, its vendored corpus and the shared files are, found from the test binaries' location: the
/// one place tests ask for a corpus file.
/// </summary>
public static class RepoPaths
{
    /// <summary>The environment variable naming a corpus folder that holds the copyleft sets (zammad-mail, notmuch).</summary>
    public const string CorpusVariable = "MAILROOM_CORPUS";

    /// <summary>The sets never copied into the repository (AGPL, GPL): read where they are, or their tests are skipped.</summary>
    public static IReadOnlyList<string> CopyleftSets { get; } = ["zammad-mail", "notmuch"];

    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly Lazy<string> LazyShared = new(FindShared);
    private static readonly Lazy<string?> LazyCopyleft = new(FindCopyleftCorpus);

    /// <summary>The repository root: the first directory above the test binaries that holds Mailroom.slnx.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The shared directory: ../shared beside the repository (../../shared from a worktree in /work/wt/NAME).</summary>
    public static string Shared => LazyShared.Value;

    /// <summary>The permissively licensed sets vendored in the repository (<c>tests/corpus</c>, licence files beside them).</summary>
    public static string Corpus => Path.Combine(Root, "tests", "corpus");

    /// <summary>
    /// The folder holding the copyleft sets: <c>$MAILROOM_CORPUS</c> when set, else <c>corpus/</c> of the shared
    /// directory; null when neither holds them (a clone on its own).
    /// </summary>
    public static string? CopyleftCorpus => LazyCopyleft.Value;

    /// <summary>Why the copyleft sets' tests are skipped here, or null when they run.</summary>
    public static string? CopyleftCorpusMissing => CopyleftCorpus is null
        ? $"the copyleft corpus sets ({string.Join(", ", CopyleftSets)}) are not vendored; they run only where ${CorpusVariable} or ../shared/corpus holds them"
        : null;

    /// <summary>
    /// A path inside the corpus, e.g. <c>CorpusPath("sisimai", "maildir", "bsd")</c>: a vendored set in
    /// <see cref="Corpus"/>, a copyleft one in <see cref="CopyleftCorpus"/> (mark its tests
    /// <see cref="CopyleftCorpusFactAttribute"/> so they are skipped where it is missing).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">A copyleft set was asked for where it is missing.</exception>
    public static string CorpusPath(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length > 0 && CopyleftSets.Contains(parts[0], StringComparer.Ordinal))
        {
            var root = CopyleftCorpus ?? throw new DirectoryNotFoundException(CopyleftCorpusMissing);
            return Path.Combine([root, .. parts]);
        }

        return Path.Combine([Corpus, .. parts]);
    }

    /// <summary>The full path of a script under scripts/, e.g. <c>Script("mail-server")</c>.</summary>
    public static string Script(string name) => Path.Combine(Root, "scripts", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mailroom.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Mailroom.slnx was not found above " + AppContext.BaseDirectory);
    }

    private static string FindShared()
    {
        foreach (var candidate in SharedCandidates())
        {
            if (Directory.Exists(Path.Combine(candidate, "corpus")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"The shared directory (with corpus/) was not found beside {Root}.");
    }

    private static string? FindCopyleftCorpus()
    {
        var named = Environment.GetEnvironmentVariable(CorpusVariable);
        var candidates = string.IsNullOrWhiteSpace(named) ? SharedCandidates().Select(s => Path.Combine(s, "corpus")) : [Path.GetFullPath(named)];
        return candidates.FirstOrDefault(c => CopyleftSets.All(set => Directory.Exists(Path.Combine(c, set))));
    }

    private static IEnumerable<string> SharedCandidates() =>
        new[] { Path.Combine(Root, "..", "shared"), Path.Combine(Root, "..", "..", "shared") }.Select(Path.GetFullPath);
}
