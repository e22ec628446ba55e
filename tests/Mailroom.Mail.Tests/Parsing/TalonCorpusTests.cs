using Mailroom.Core.Monitor;
using Mailroom.Mail.Parsing;
using Mailroom.Testing;

namespace Mailroom.Mail.Tests.Parsing;

/// <summary>
/// Mailgun talon's reply fixtures: full messages from a dozen clients, read as the monitor reads them, reduce to the
/// reply's new text. Talon's expectation keeps the signature with the text (<c>NAME_reply_text</c>); Mailroom folds
/// the signature away from the new text, so the two are compared with it put back.
/// </summary>
public sealed class TalonCorpusTests
{
    public static TheoryData<string> StandardReplies() =>
        [.. Directory.GetFiles(RepoPaths.CorpusPath("talon", "standard_replies"), "*.eml").Select(f => Path.GetFileName(f)).Order()];

    public static TheoryData<string> HtmlReplies() =>
        [.. Directory.GetFiles(RepoPaths.CorpusPath("talon", "html_replies"), "*.html").Select(f => Path.GetFileName(f)).Order()];

    [Fact]
    public void The_corpus_is_where_the_readme_says()
    {
        Assert.Equal(12, StandardReplies().Count);
        Assert.Equal(9, HtmlReplies().Count);
    }

    [Theory]
    [MemberData(nameof(StandardReplies))]
    public async Task A_standard_reply_reduces_to_its_new_text(string file)
    {
        var path = RepoPaths.CorpusPath("talon", "standard_replies", file);
        await using var stream = File.OpenRead(path);
        var facts = await IncomingMailReader.ReadAsync(stream, CancellationToken.None);

        var reply = ReplyTextExtractor.Extract(facts.Body);

        var expectedFile = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(file) + "_reply_text");
        var expected = File.Exists(expectedFile) ? await File.ReadAllTextAsync(expectedFile) : "Hello";
        Assert.Equal("Hello", reply.NewText);
        Assert.True(reply.HasQuote, "the quoted message was recognised as history");
        Assert.Equal(Squeeze(expected), Squeeze(reply.NewText + reply.Signature));
    }

    [Theory]
    [MemberData(nameof(HtmlReplies))]
    public async Task An_html_reply_reduces_to_its_new_text(string file)
    {
        var html = await File.ReadAllTextAsync(RepoPaths.CorpusPath("talon", "html_replies", file));

        var reply = ReplyTextExtractor.Extract(HtmlToText.Convert(html));

        // Talon's test: "Hi. I am fine.", "Thanks,", "Alex", compared with all whitespace removed. "Thanks, Alex"
        // is a closing Mailroom may fold into the signature, so the two parts are compared together.
        Assert.StartsWith("Hi.Iamfine.", Squeeze(reply.NewText), StringComparison.Ordinal);
        Assert.Equal("Hi.Iamfine.Thanks,Alex", Squeeze(reply.NewText + reply.Signature));
    }

    private static string Squeeze(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
