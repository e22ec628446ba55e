using System.Text;

namespace Mailroom.Core.Monitor;

/// <summary>
/// Finds the new text of a reply: what stands above the quoted history (Outlook's <c>-----Original Message-----</c>
/// and From:/Sent: blocks in many languages, "On &lt;date&gt;, &lt;name&gt; wrote:" lines of Gmail, Apple Mail and
/// Thunderbird, also wrapped over several lines and translated, <c>&gt;</c> quoted lines), with the signature
/// (<c>-- </c>, "Sent from my iPhone", "Get Outlook for iOS", a "Regards," block) split off.
/// </summary>
/// <remarks>
/// The scan is line by line with a bounded look-ahead (a quote header spans at most four lines, and only lines up to
/// <see cref="MaxHeaderLineLength"/> characters are considered), so its time is linear in the body's length. Regular
/// expressions are avoided on purpose: GitHub's <c>email_long_quote.txt</c> makes typical reply-parser patterns
/// backtrack for minutes. HTML bodies are converted to text (with <c>&gt;</c> prefixes for blockquotes) by the mail
/// adapter first.
/// </remarks>
public static class ReplyTextExtractor
{
    /// <summary>Longer lines are never taken for a quote header: real headers are short, and this bounds the work.</summary>
    public const int MaxHeaderLineLength = 400;

    private const int MaxHeaderLines = 4;

    /// <summary>Splits <paramref name="body"/> into new text and signature; null or blank gives <see cref="ReplyText.Empty"/>.</summary>
    public static ReplyText Extract(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return ReplyText.Empty;
        }

        var lines = body.ReplaceLineEndings("\n").Split('\n');
        var kept = new List<string>();
        var hasQuote = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.StartsWith('>'))
            {
                hasQuote = true;
                continue;
            }

            var wroteLines = WroteHeaderLength(lines, i);
            if (wroteLines > 0)
            {
                hasQuote = true;
                if (!IsInterleaved(lines, i + wroteLines, kept))
                {
                    break;
                }

                // Bottom-posting or inline replies: the header opens quoted lines and the new text follows them.
                i += wroteLines - 1;
                continue;
            }

            if (IsSeparator(trimmed))
            {
                hasQuote = true;
                break;
            }

            if (IsHeaderBlock(lines, i))
            {
                // "Message du : 12/12/2016" and similar lines glued on top of the block belong to it.
                while (kept.Count > 0 && kept[^1].Trim().Length is > 0 and <= 100 && TryReadKey(kept[^1], out _))
                {
                    kept.RemoveAt(kept.Count - 1);
                }

                hasQuote = true;
                break;
            }

            kept.Add(lines[i]);
        }

        var signatureStart = FindSignature(kept);
        var newText = Join(kept, 0, signatureStart);
        var signature = Join(kept, signatureStart, kept.Count);
        return new ReplyText(newText, signature, hasQuote);
    }

    /// <summary>
    /// Whether the reply goes on below the quote the header opens (bottom-posting, inline answers) rather than above
    /// it (top-posting). Only when at most a greeting stands above the header and unquoted text follows the quote.
    /// </summary>
    private static bool IsInterleaved(string[] lines, int afterHeader, List<string> kept)
    {
        var above = kept.Where(l => l.Trim().Length > 0).ToList();
        if (above.Count > 1 || (above.Count == 1 && above[0].Trim().Length > 30))
        {
            return false;
        }

        var sawQuote = false;
        for (var i = afterHeader; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed.StartsWith('>'))
            {
                sawQuote = true;
                continue;
            }

            return sawQuote;
        }

        return false;
    }

    private static string Join(List<string> lines, int from, int to)
    {
        while (from < to && lines[from].Trim().Length == 0)
        {
            from++;
        }

        // Trailing blank lines and rules ("-----", "====") that only introduced the quote go too.
        while (to > from && lines[to - 1].Trim().All(c => c is '-' or '_' or '=' or '*' || char.IsWhiteSpace(c)))
        {
            to--;
        }

        var sb = new StringBuilder();
        for (var i = from; i < to; i++)
        {
            if (i > from)
            {
                sb.Append('\n');
            }

            sb.Append(lines[i].TrimEnd());
        }

        return sb.ToString();
    }

    /// <summary>How many lines (1-4) the "On ... wrote:" header starting at <paramref name="start"/> spans, or 0.</summary>
    private static int WroteHeaderLength(string[] lines, int start)
    {
        var first = lines[start].Trim();
        if (first.Length == 0 || first.Length > MaxHeaderLineLength || !LooksLikeHeaderStart(first))
        {
            return 0;
        }

        var joined = new StringBuilder(first);
        for (var k = 1; k <= MaxHeaderLines; k++)
        {
            if (IsWroteHeader(joined.ToString()))
            {
                return k;
            }

            if (start + k >= lines.Length)
            {
                return 0;
            }

            var next = lines[start + k].Trim();
            if (next is ">:" or "> :")
            {
                // Gmail wraps "<test@example.com>:" so that the closing bracket starts the next line.
                next = next.Replace(" ", string.Empty, StringComparison.Ordinal);
            }
            else if (next.Length == 0 || next.Length > MaxHeaderLineLength || next.StartsWith('>'))
            {
                return 0;
            }

            joined.Append(' ').Append(next);
        }

        return 0;
    }

    private static bool LooksLikeHeaderStart(string line) =>
        line.Contains('@') || line.Any(char.IsDigit)
        || QuoteMarkers.WroteStarters.Any(s => line.StartsWith(s + " ", StringComparison.Ordinal)
            || line.StartsWith(s + ",", StringComparison.Ordinal));

    private static bool IsWroteHeader(string text)
    {
        var end = text.TrimEnd();
        if (end.Length == 0)
        {
            return false;
        }

        if (end[^1] is not (':' or '：'))
        {
            // "On Wed, 14 Nov 2018 ... John Doe <john@doe.com> wrote" (no colon): only when it ends with the verb.
            return QuoteMarkers.WroteWords.Any(w => end.EndsWith(" " + w, StringComparison.OrdinalIgnoreCase))
                && end.Contains('@') && LooksLikeHeaderStart(end);
        }

        // "2017-11-24 16:32 GMT+01:00 Name <address>:" and its relatives: a dated address line that ends in ">:".
        var body = end[..^1].TrimEnd();
        if (body.EndsWith('>') && body.Contains('<') && body.Contains('@') && body.Any(char.IsDigit))
        {
            return true;
        }

        foreach (var word in QuoteMarkers.WroteWords)
        {
            var at = end.IndexOf(word, StringComparison.OrdinalIgnoreCase);
            while (at >= 0)
            {
                var before = at == 0 || !char.IsLetterOrDigit(end[at - 1]);
                var afterIndex = at + word.Length;
                var after = afterIndex >= end.Length || !char.IsLetter(end[afterIndex]);
                if (before && after)
                {
                    return true;
                }

                at = end.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    /// <summary><c>-----Original Message-----</c>, <c>________________</c>, "Begin forwarded message:" and the like.</summary>
    private static bool IsSeparator(string line)
    {
        if (line.Length < 2 || line.Length > 100)
        {
            return false;
        }

        if (line.Length >= 2 && line.All(c => c == '_'))
        {
            return true;
        }

        var core = line.Trim('-', '_', '*', '=', ' ', '\t', ':', '<', '>').Trim();
        if (QuoteMarkers.SeparatorPhrases.Any(p => core.Equals(p, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // Any "----- words -----" line in another language: dashes on both sides of some letters.
        return line.StartsWith("---", StringComparison.Ordinal) && line.EndsWith("---", StringComparison.Ordinal)
            && core.Any(char.IsLetter) && core.Length <= 60;
    }

    /// <summary>An Outlook-style block: a sender key (From:, Von:, De:, ...) closely followed by Sent:/To:/Subject:.</summary>
    private static bool IsHeaderBlock(string[] lines, int start)
    {
        if (!TryReadKey(lines[start], out var key) || !QuoteMarkers.FromKeys.Contains(key))
        {
            return false;
        }

        var seen = 0;
        for (var i = start + 1; i < lines.Length && seen < 6; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            seen++;
            if (TryReadKey(lines[i], out var other) && QuoteMarkers.BlockKeys.Contains(other))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads the "Key" of a "Key: value" line, allowing bold markers (<c>*From:*</c>) and full-width colons.</summary>
    private static bool TryReadKey(string line, out string key)
    {
        key = string.Empty;
        var trimmed = line.Trim().TrimStart('*').TrimStart();
        var colon = trimmed.IndexOfAny([':', '：']);
        if (colon <= 0 || colon > 30)
        {
            return false;
        }

        key = trimmed[..colon].Trim().TrimEnd('*').Trim();
        return key.Length > 0;
    }

    /// <summary>The index in <paramref name="lines"/> where the signature starts, or its count when there is none.</summary>
    private static int FindSignature(List<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var trimmed = lines[i].Trim();
            if (lines[i] is "--" or "-- ")
            {
                return i;
            }

            if (IsDeviceSignature(trimmed))
            {
                return i;
            }

            if (IsClosing(trimmed) && FewShortLinesAfter(lines, i, 4) && HasTextBefore(lines, i))
            {
                return i;
            }
        }

        return lines.Count;
    }

    private static bool IsDeviceSignature(string line)
    {
        if (line.Length > 80)
        {
            return false;
        }

        var lower = line.ToLowerInvariant();
        foreach (var start in QuoteMarkers.DeviceSignatureStarts)
        {
            if (lower.StartsWith(start, StringComparison.Ordinal))
            {
                // "Sent from my desk, is much easier..." is a sentence, not a signature: no commas, at most 5 words.
                var rest = lower[start.Length..];
                return !rest.Contains(',') && rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 5;
            }
        }

        return false;
    }

    private static bool IsClosing(string line)
    {
        var core = line.TrimEnd(',', '.', '!', ' ');
        return core.Length > 0 && core.Length < 40 && QuoteMarkers.Closings.Contains(core);
    }

    private static bool FewShortLinesAfter(List<string> lines, int index, int maxLines)
    {
        var count = 0;
        for (var i = index + 1; i < lines.Count; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (++count > maxLines || trimmed.Length > 80)
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasTextBefore(List<string> lines, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                return true;
            }
        }

        return false;
    }
}
