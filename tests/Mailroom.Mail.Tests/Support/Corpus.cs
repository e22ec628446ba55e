namespace Mailroom.Mail.Tests.Support;

/// <summary>The shared real-world corpus, read in place from ../shared/corpus beside the repository (never copied).</summary>
internal static class Corpus
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mailroom.slnx")))
            {
                var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
                if (Directory.Exists(corpus))
                {
                    return corpus;
                }

                // Worktrees live one level deeper (/work/wt/NAME); the corpus is still /work/shared/corpus.
                corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "..", "shared", "corpus"));
                if (Directory.Exists(corpus))
                {
                    return corpus;
                }

                throw new DirectoryNotFoundException($"The shared corpus was not found beside {dir.FullName}.");
            }
        }

        throw new DirectoryNotFoundException("Mailroom.slnx was not found above " + AppContext.BaseDirectory);
    }
}
