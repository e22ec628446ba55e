using Xunit;

namespace Mailroom.Testing;

/// <summary>
/// A test that reads a copyleft corpus set (Zammad, notmuch): it runs where <see cref="RepoPaths.CopyleftCorpus"/>
/// exists (always on CI here) and is skipped with that reason elsewhere, so a clone on its own passes.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CopyleftCorpusFactAttribute : FactAttribute
{
    public CopyleftCorpusFactAttribute()
    {
        if (RepoPaths.CopyleftCorpusMissing is { } reason)
        {
            Skip = reason;
        }
    }
}
