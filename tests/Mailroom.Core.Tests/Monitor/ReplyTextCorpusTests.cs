using Mailroom.Testing;
using Mailroom.Core.Monitor;
using Xunit.Abstractions;

namespace Mailroom.Core.Tests.Monitor;

/// <summary>
/// The reply fixtures of GitHub's and Crisp's email-reply-parser. Neither corpus ships expectation files; the
/// expectations below restate what those projects' own tests assert about each file's first (visible) fragment,
/// with the signature folded away as Mailroom's journal shows it.
/// </summary>
public sealed class ReplyTextCorpusTests(ITestOutputHelper output)
{
    // Crisp's tests compare most fixtures with this first fragment (test/test.js, COMMON_FIRST_FRAGMENT).
    private const string CommonFirstFragment =
        "Fusce bibendum, quam hendrerit sagittis tempor, dui turpis tempus erat, pharetra sodales ante sem sit amet metus.\n" +
        "Nulla malesuada, orci non vulputate lobortis, massa felis pharetra ex, convallis consectetur ex libero eget ante.\n" +
        "Nam vel turpis posuere, rhoncus ligula in, venenatis orci. Duis interdum venenatis ex a rutrum.\n" +
        "Duis ut libero eu lectus consequat consequat ut vel lorem. Vestibulum convallis lectus urna,\n" +
        "et mollis ligula rutrum quis. Fusce sed odio id arcu varius aliquet nec nec nibh.";

    /// <summary>File → (the new text must start with, must end with, must not contain).</summary>
    private static readonly Dictionary<string, Expectation> GitHub = new()
    {
        ["correct_sig.txt"] = new("this is an email with a correct -- signature.", "signature.", "rick"),
        ["email_1_1.txt"] = new("Hi folks", "-Abhishek Kona", "riak-users mailing list"),
        ["email_1_2.txt"] = new("Hi,", "delete them all individually.\"", "Hi folks"),
        ["email_1_3.txt"] = new("Oh thanks.", "-Abhishek Kona", "Russell Brown"),
        ["email_1_4.txt"] = new("Awesome! I haven't had another problem with it.", "with it.", "Loader"),
        ["email_1_5.txt"] = new("One: Here's what I've got.", "for a while.", null),
        ["email_1_6.txt"] = new("I get proper rendering as well.", "pixels", "Was this caching"),
        ["email_1_7.txt"] = new(":+1:", ":+1:", "Steps 0-2"),
        ["email_1_8.txt"] = new("I will reply under this one", "and under this.", "okay?"),
        ["email_2_1.txt"] = new("Outlook with a reply", "Outlook with a reply", "Google Apps Sync"),
        ["email_2_2.txt"] = new("Outlook with a reply directly above line", "above line", "CRM Comments"),
        ["email_2_3.txt"] = new("Outlook with a reply directly above line", "above line", "CRM Comments"),
        ["email_BlackBerry.txt"] = new("Here is another email", "Here is another email", "BlackBerry"),
        ["email_bullets.txt"] = new("test 2 this should list second", "- and another", "Give us an example"),
        ["email_iPhone.txt"] = new("Here is another email", "Here is another email", "iPhone"),
        ["email_long_quote.txt"] = new("Hi folks", "-Abhishek Kona", "riak-users mailing list"),
        ["email_multi_word_sent_from_my_mobile_device.txt"] = new("Here is another email", "email", "Verizon"),
        ["email_one_is_not_on.txt"] = new("Thank, this is really helpful.", "when I run...", "Dave Tapley"),
        ["email_sent_from_my_not_signature.txt"] = new("Here is another email", "my mobile phone.", null),
        ["email_sig_delimiter_in_middle_of_line.txt"] = new("Hi there!", "kthxbai", null),
        ["greedy_on.txt"] = new("On your remote host you can run:", "the tunnel is not working.", "George Plymale"),
        ["pathological.txt"] = new("I think you're onto something.", "get back to a computer.", "John Sullivan"),
    };

    /// <summary>Crisp fixtures without the common fragment: what test/test.js asserts about their first fragment.</summary>
    private static readonly Dictionary<string, Expectation> Crisp = new()
    {
        ["correct_sig.txt"] = new("this is an email with a correct -- signature.", "signature.", "rick"),
        ["email_1.txt"] = new("Hi folks", "-Abhishek Kona", "riak-users mailing list"),
        ["email_3.txt"] = new("Oh thanks.", "-Abhishek Kona", "Russell Brown"),
        ["email_4.txt"] = new("Awesome", null, "Loader"),
        ["email_6.txt"] = new("I get", null, "Was this"),
        ["email_sent_from.txt"] = new("Hi it can happen to any texts you type, as long as you type in between words or paragraphs.", "paragraphs.", null),
        ["email_emoji.txt"] = new("🎉", "@pandaland", null),
        ["email_with_regards.txt"] = new("Hi,", "Can you help?", "John Doe"),
        ["email_zoho.txt"] = new("What is the best way to clear a Riak bucket of all key, values after", "running a test?", null),
        ["email_one_is_not_on.txt"] = new("Thank, this is really helpful.", "when I run...", "Oct 1, 2012"),
        ["email_reply_header.txt"] = new("This is the latest reply.", null, "On Wed, Dec 9", "On the other hand"),
        ["sig_no_empty_line.txt"] = new(null, null, "rick"),
        ["email_tricky_1_on_false_positive.txt"] = new(null, null, null),
        ["email_tricky_2_url_with_wrote.txt"] = new("Hi there,", null, null, "Check out this article about email parsing: https://example.com"),
        ["email_tricky_3_code_block.txt"] = new(null, null, null, "function sendEmail"),
        ["email_tricky_6_regards_in_sentence.txt"] = new(null, null, null, "with regards to the payment"),
        ["email_tricky_7_multiple_dashes.txt"] = new(null, null, null, "Key Points"),
        ["email_tricky_8_sent_from_in_content.txt"] = new(null, null, null, "sent from my iPhone app"),
        ["email_tricky_9_nested_quotes.txt"] = new(null, null, null, "I agree with the points"),
        ["email_tricky_11_double_signature.txt"] = new(null, null, null, "Thanks for your help"),
        ["email_tricky_13_timestamp_variations.txt"] = new(null, null, null, "different timestamp formats"),
        ["email_tricky_16_unicode_signatures.txt"] = new(null, null, null, "Thanks for the update"),
        ["email_tricky_17_forward_header.txt"] = new(null, null, null, "See the forwarded message"),
        ["email_tricky_19_quote_without_header.txt"] = new(null, null, null, "I wanted to respond"),
        ["email_tricky_20_html_entities.txt"] = new(null, null, null, "&gt; 100 and &lt; 200"),
    };

    /// <summary>Fixtures Mailroom reads differently from the upstream project, each with the reason.</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new()
    {
    };

    [Fact]
    public void GitHub_fixtures_reduce_to_their_visible_reply()
    {
        var failures = Check("github-email-reply-parser", GitHub, requireAll: true);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void Crisp_fixtures_reduce_to_their_visible_reply()
    {
        var dir = RepoPaths.CorpusPath("crisp-email-reply-parser", "fixtures");
        var table = new Dictionary<string, Expectation>(Crisp);
        foreach (var file in Directory.GetFiles(dir, "*.txt"))
        {
            var name = Path.GetFileName(file);
            if (!table.ContainsKey(name) && File.ReadAllText(file).TrimStart().StartsWith("Fusce bibendum", StringComparison.Ordinal))
            {
                table[name] = new Expectation(null, null, null) { Exact = CommonFirstFragment };
            }
        }

        Assert.True(table.Count >= 60, $"only {table.Count} Crisp fixtures have an expectation");
        var failures = Check(Path.Combine("crisp-email-reply-parser", "fixtures"), table, requireAll: false);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private List<string> Check(string folder, Dictionary<string, Expectation> table, bool requireAll)
    {
        var dir = RepoPaths.CorpusPath(folder);
        var failures = new List<string>();
        var passed = 0;
        foreach (var (name, expected) in table)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path))
            {
                failures.Add($"{name}: fixture missing");
                continue;
            }

            var reply = ReplyTextExtractor.Extract(File.ReadAllText(path));
            var problem = expected.Problem(reply.NewText);
            if (problem is null)
            {
                passed++;
            }
            else if (KnownDifferences.TryGetValue(name, out var reason))
            {
                output.WriteLine($"known difference {name}: {reason}");
            }
            else
            {
                failures.Add($"{name}: {problem}\n--- got ---\n{reply.NewText}\n-----------");
            }
        }

        if (requireAll)
        {
            var files = Directory.GetFiles(dir, "*.txt").Select(Path.GetFileName).ToList();
            failures.AddRange(files.Where(f => !table.ContainsKey(f!)).Select(f => $"{f}: no expectation written"));
        }

        output.WriteLine($"{folder}: {passed} of {table.Count} fixtures pass");
        return failures;
    }

    private sealed record Expectation(string? StartsWith, string? EndsWith, string? MustNotContain, string? MustContain = null)
    {
        public string? Exact { get; init; }

        public string? Problem(string text)
        {
            if (Exact is not null && Squash(text) != Squash(Exact))
            {
                return "differs from the expected text";
            }

            if (StartsWith is not null && !text.StartsWith(StartsWith, StringComparison.Ordinal))
            {
                return $"does not start with '{StartsWith}'";
            }

            if (EndsWith is not null && !text.EndsWith(EndsWith, StringComparison.Ordinal))
            {
                return $"does not end with '{EndsWith}'";
            }

            if (MustNotContain is not null && text.Contains(MustNotContain, StringComparison.Ordinal))
            {
                return $"still contains '{MustNotContain}'";
            }

            if (MustContain is not null && !text.Contains(MustContain, StringComparison.Ordinal))
            {
                return $"lost '{MustContain}'";
            }

            return text.Trim().Length == 0 ? "empty" : null;
        }

        private static string Squash(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
    }
}
