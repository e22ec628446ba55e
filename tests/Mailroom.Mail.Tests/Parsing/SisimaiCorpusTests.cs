using Mailroom.Testing;
using Mailroom.Core.Monitor;
using Mailroom.Mail.Parsing;
using Mailroom.Mail.Tests.Support;
using Xunit.Abstractions;

namespace Mailroom.Mail.Tests.Parsing;

/// <summary>sisimai's set of real bounces and auto-replies, read and classified.</summary>
public sealed class SisimaiCorpusTests(ITestOutputHelper output)
{
    private static readonly MailClassifier Classifier = new();

    /// <summary>Files Mailroom classifies differently from sisimai, with the reason.</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new()
    {
        ["bsd/arf-26.eml"] = "an Apple 'unsubscribe' notice sent as Auto-Submitted: auto-replied text: an auto-reply to Mailroom (still never opens a record)",
        ["not/rb-issue-368-bug.eml"] = "sent by postmaster@ with Return-Path <> and subject 'email bounce notification': Mailroom treats postmaster mail as a bounce by design",
    };

    [Fact]
    public async Task Every_bounce_is_classified_a_bounce_and_never_opens_a_record()
    {
        var files = Directory.GetFiles(RepoPaths.CorpusPath("sisimai", "maildir", "bsd"))
            .Where(f => !Path.GetFileName(f).StartsWith("rfc3834-", StringComparison.Ordinal))
            .Concat(Directory.GetFiles(RepoPaths.CorpusPath("sisimai", "maildir", "dos")))
            .Concat(Directory.GetFiles(RepoPaths.CorpusPath("sisimai", "maildir", "mac")))
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).StartsWith("LICENSE", StringComparison.Ordinal)
                && !Path.GetFileName(f).StartsWith("rfc3834-", StringComparison.Ordinal))
            .Order().ToList();
        Assert.True(files.Count > 600, $"only {files.Count} bounces found");
        var failures = new List<string>();
        var withOriginalId = 0;
        foreach (var file in files)
        {
            var result = Classifier.Classify(await ReadAsync(file));
            withOriginalId += result.BouncedMessageId is null ? 0 : 1;
            var relative = Path.GetRelativePath(RepoPaths.CorpusPath("sisimai", "maildir"), file);
            if ((result.Kind != MailKind.Bounce || result.MayCreateRecord) && !Known(relative))
            {
                failures.Add($"{Path.GetRelativePath(RepoPaths.Corpus, file)}: {result.Kind} ({result.Reason})");
            }
        }

        output.WriteLine($"{files.Count - failures.Count} of {files.Count} bounces classified; {withOriginalId} name the bounced Message-ID");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Rfc3834_auto_replies_are_auto_replies_not_bounces()
    {
        var files = new[] { "bsd", "dos", "mac" }
            .SelectMany(d => Directory.GetFiles(RepoPaths.CorpusPath("sisimai", "maildir", d), "rfc3834-*")).Order().ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var result = Classifier.Classify(await ReadAsync(file));
            Assert.True(result.Kind == MailKind.AutoReply, $"{Path.GetFileName(file)}: {result.Kind} ({result.Reason})");
            Assert.False(result.MayCreateRecord);
        }

        output.WriteLine($"{files.Count} auto-replies classified");
    }

    [Fact]
    public async Task Messages_that_are_not_bounces_stay_normal()
    {
        var files = Directory.GetFiles(RepoPaths.CorpusPath("sisimai", "maildir", "not"))
            .Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var result = Classifier.Classify(await ReadAsync(file));
            Assert.True(result.Kind is not MailKind.Bounce || Known("not/" + Path.GetFileName(file)),
                $"{Path.GetFileName(file)}: {result.Kind} ({result.Reason})");
        }
    }

    private bool Known(string relative)
    {
        if (!KnownDifferences.TryGetValue(relative.Replace('\\', '/'), out var reason))
        {
            return false;
        }

        output.WriteLine($"known difference {relative}: {reason}");
        return true;
    }

    private static async Task<IncomingMailFacts> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return await IncomingMailReader.ReadAsync(stream, CancellationToken.None);
    }
}
