namespace Mailroom.Testing;

/// <summary>Where the repository and the shared files are, found from the test binaries' location.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);
    private static readonly Lazy<string> LazyShared = new(FindShared);

    /// <summary>The repository root: the first directory above the test binaries that holds Mailroom.slnx.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The shared directory: ../shared beside the repository (../../shared from a worktree in /work/wt/NAME).</summary>
    public static string Shared => LazyShared.Value;

    /// <summary>The real-world corpus in the shared directory; read in place, never copied into the repository.</summary>
    public static string Corpus => Path.Combine(Shared, "corpus");

    /// <summary>A path inside the corpus, e.g. <c>CorpusPath("sisimai", "maildir", "bsd")</c>.</summary>
    public static string CorpusPath(params string[] parts) => Path.Combine([Corpus, .. parts]);

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
        foreach (var candidate in new[] { Path.Combine(Root, "..", "shared"), Path.Combine(Root, "..", "..", "shared") })
        {
            var full = Path.GetFullPath(candidate);
            if (Directory.Exists(Path.Combine(full, "corpus")))
            {
                return full;
            }
        }

        throw new DirectoryNotFoundException($"The shared directory (with corpus/) was not found beside {Root}.");
    }
}
