using Mailroom.Testing;
using Mailroom.Core.Monitor;
using Mailroom.Mail.Parsing;
using Mailroom.Mail.Tests.Support;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Mailroom.Mail.Tests.Parsing;

/// <summary>Every message of Zammad's mail parser suite, compared with the from, subject and attachments of its yml.</summary>
public sealed class ZammadCorpusTests(ITestOutputHelper output)
{
    /// <summary>
    /// Attachment names Zammad makes up for parts that have none (its HTML body copy, delivery reports); Mailroom
    /// names such parts itself and does not count the HTML body as a file.
    /// </summary>
    private static readonly HashSet<string> ZammadMadeUpNames = new(StringComparer.Ordinal) { "message.html" };

    /// <summary>Where Mailroom reads a message differently from Zammad, and why (file: field → reason).</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new()
    {
        ["mail016.box:from_email"] = "From is '\"name\" <>' (no address); Zammad takes another header, Mailroom leaves the sender empty",
        ["mail019.box:from_email"] = "From is '\"name\" <>' (no address); Zammad takes another header, Mailroom leaves the sender empty",
        ["mail044.box:from_email"] = "Zammad keeps a trailing dot after the domain; MimeKit drops it",
        ["mail046.box:from_display_name"] = "raw 8-bit GB2312 header without encoded words; Mailroom does not guess the charset (gap)",
        ["mail046.box:subject"] = "raw 8-bit GB2312 header without encoded words; Mailroom does not guess the charset (gap)",
        ["mail065.box:from_display_name"] = "Zammad mis-decodes the encoded word ('=20Andreas?='); Mailroom reads 'Bürling, Andreas'",
        ["mail076.box:from_email"] = "broken From; Zammad keeps a stray '>' in the address",
        ["mail076.box:from_display_name"] = "broken From; Zammad makes a display name from the address",
        ["mail087.box:from_display_name"] = "From 'Test test@example.com' without brackets; Zammad copies it as display name",
        ["mail093.box:from_display_name"] = "raw 8-bit Shift_JIS header without encoded words (gap)",
        ["mail093.box:subject"] = "raw 8-bit Shift_JIS header without encoded words (gap)",
        ["mail015.box:attachments"] = "raw 8-bit GB2312 file name (gap: charset not guessed)",
        ["mail046.box:attachments"] = "raw 8-bit GB2312 name of an attached message (gap: charset not guessed)",
        ["mail053.box:attachments"] = "Zammad lists an unnamed part as 'file'; Mailroom names it from its Content-Description",
        ["mail055.box:attachments"] = "attached message without a subject: Zammad uses its Content-Description, Mailroom 'message.eml'",
        ["mail092.box:attachments"] = "attached message without a subject: Zammad uses its Content-Description, Mailroom 'message.eml'",
        ["mail062.box:attachments"] = "Zammad renames parts (document1.html, image000.jpg, video1.mov) and counts alternative HTML bodies as files",
        ["mail064.box:attachments"] = "Zammad's name is decomposed-Unicode mojibake; Mailroom reads 'Capture d’écran ... à ...'",
        ["mail073.box:attachments"] = "an undecodable byte: Zammad writes U+FFFD, MimeKit '?'",
        ["mail085.box:attachments"] = "Zammad counts the HTML body as a file 'document.html'; Mailroom keeps it as the HTML body",
        ["mail087.box:attachments"] = "Zammad calls the PDF 'file'; Mailroom uses its name parameter 'fax_1234.pdf'",
        ["mail100.box:attachments"] = "Zammad names unnamed parts from internal ids; Mailroom 'file'/'image'",
        ["mail102.box:attachments"] = "Zammad mangles '09.00.38' into '091.00.38' while de-duplicating; Mailroom keeps the sender's name",
    };

    [CopyleftCorpusFact]
    public async Task Every_message_parses_and_matches_from_and_subject()
    {
        var failures = new List<string>();
        var files = Directory.GetFiles(RepoPaths.CorpusPath("zammad-mail"), "mail*.box").Order().ToList();
        Assert.True(files.Count >= 100, $"only {files.Count} Zammad messages found");
        foreach (var box in files)
        {
            var expected = ReadYml(Path.ChangeExtension(box, ".yml"));
            var facts = await ReadAsync(box);
            var name = Path.GetFileName(box);
            if (expected.TryGetValue("from_email", out var fromEmail) && !string.Equals(
                    fromEmail, facts.From?.Address, StringComparison.OrdinalIgnoreCase) && !Known(name, "from_email"))
            {
                failures.Add($"{name}: from_email '{fromEmail}' but read '{facts.From?.Address}'");
            }

            if (expected.TryGetValue("from_display_name", out var display) && display != (facts.From?.DisplayName ?? "")
                && !Known(name, "from_display_name"))
            {
                failures.Add($"{name}: from_display_name '{display}' but read '{facts.From?.DisplayName}'");
            }

            // Zammad keeps leading and trailing spaces of a subject; they mean nothing for matching, so compare trimmed.
            if (expected.TryGetValue("subject", out var subject) && subject.Trim() != facts.Subject.Trim()
                && !Known(name, "subject"))
            {
                failures.Add($"{name}: subject '{subject}' but read '{facts.Subject}'");
            }
        }

        output.WriteLine($"{files.Count} messages read; {failures.Count} unexplained differences");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [CopyleftCorpusFact]
    public async Task Attachment_names_match_the_yml()
    {
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var box in Directory.GetFiles(RepoPaths.CorpusPath("zammad-mail"), "mail*.box").Order())
        {
            var expectedNames = ReadAttachmentNames(Path.ChangeExtension(box, ".yml"))
                .Where(n => !ZammadMadeUpNames.Contains(n)).Order().ToList();
            var facts = await ReadAsync(box);
            var actual = facts.Attachments.Select(a => a.FileName).ToHashSet(StringComparer.Ordinal);
            var missing = expectedNames.Where(n => !actual.Contains(n)).ToList();
            checkedCount += expectedNames.Count;
            if (missing.Count > 0 && !Known(Path.GetFileName(box), "attachments"))
            {
                failures.Add($"{Path.GetFileName(box)}: missing [{string.Join(", ", missing)}], read [{string.Join(", ", actual)}]");
            }
        }

        output.WriteLine($"{checkedCount} attachment names checked, {failures.Count} messages differ");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private bool Known(string file, string field)
    {
        if (!KnownDifferences.TryGetValue($"{file}:{field}", out var reason))
        {
            return false;
        }

        output.WriteLine($"known difference {file} {field}: {reason}");
        return true;
    }

    private static async Task<IncomingMailFacts> ReadAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return await IncomingMailReader.ReadAsync(stream, CancellationToken.None);
    }

    private static YamlMappingNode Root(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static Dictionary<string, string> ReadYml(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Root(path).Children)
        {
            if (key is YamlScalarNode { Value: { } k } && value is YamlScalarNode { Value: { } v })
            {
                values[k] = v;
            }
        }

        return values;
    }

    private static IEnumerable<string> ReadAttachmentNames(string path)
    {
        if (!Root(path).Children.TryGetValue(new YamlScalarNode("attachments"), out var list) || list is not YamlSequenceNode seq)
        {
            yield break;
        }

        foreach (var item in seq.Children.OfType<YamlMappingNode>())
        {
            if (item.Children.TryGetValue(new YamlScalarNode("filename"), out var name) && name is YamlScalarNode { Value: { } n })
            {
                yield return n;
            }
        }
    }
}
