using System.Text;

namespace Mailroom.Core.Monitor;

/// <summary>
/// Reduces a subject to what matching compares: reply and forward prefixes of many languages removed, again and
/// again (<c>Re: AW: Fwd: [list] RE[2]: 回复：</c>), list tags in square brackets dropped, spaces collapsed. Used to
/// find an open record of the same customer by subject when no Conversation ID or reply header matched.
/// </summary>
public sealed class SubjectNormalizer
{
    /// <summary>The shortest normalized subject that may be matched (the original system's "ignore short subjects").</summary>
    public const int DefaultMinimumLength = 10;

    // Longest first is not needed: a prefix only counts when a colon (or a counter and a colon) follows it.
    private static readonly HashSet<string> Prefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Re", "Fw", "Fwd", "AW", "WG", "SV", "VS", "Antw", "Doorst", "RIF", "R", "I", "TR", "Odp", "YNT", "回复", "回覆",
        "答复", "转发", "轉寄", "Ответ", "Отв", "Réf", "Rif", "Enc", "Antwort", "Vs", "Ynt", "Aw", "Sv", "Wg", "Fs",
        "Πρθ", "ΑΠ", "ΣΧΕΤ", "Ant", "Atb", "Vá", "Továbbítás", "RV", "RES", "ENC", "Réponse", "Tr", "FYI", "Doorgestuurd",
        "Pd", "Pesan Terusan", "Balas", "Ynt", "İlt", "Odp", "PD", "Fwd", "Svar", "Vid", "Vb", "Videresend",
    };

    /// <summary>Creates a normalizer; <paramref name="minimumLength"/> is the shortest subject <see cref="IsMatchable"/> accepts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The minimum length is negative.</exception>
    public SubjectNormalizer(int minimumLength = DefaultMinimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumLength);
        MinimumLength = minimumLength;
    }

    public int MinimumLength { get; }

    /// <summary>The subject without prefixes and list tags, spaces collapsed; empty for null.</summary>
    public string Normalize(string? subject)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            return string.Empty;
        }

        var text = CollapseSpaces(subject);
        // Each round strips one prefix or tag; the bound keeps a hostile subject linear-ish and always terminates.
        for (var round = 0; round < 100; round++)
        {
            var stripped = StripOne(text);
            if (stripped is null)
            {
                break;
            }

            text = stripped;
        }

        return text;
    }

    /// <summary>Whether the normalized subject is long enough to be matched against records.</summary>
    public bool IsMatchable(string? subject) => Normalize(subject).Length >= MinimumLength;

    /// <summary>Whether two subjects are the same after normalizing (case-insensitive); short ones never match.</summary>
    public bool SameConversation(string? a, string? b)
    {
        var left = Normalize(a);
        return left.Length >= MinimumLength && string.Equals(left, Normalize(b), StringComparison.OrdinalIgnoreCase);
    }

    private static string? StripOne(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        // A list tag: "[list-name] ..." (but not a whole subject in brackets).
        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close > 0 && close < 60 && close < text.Length - 1)
            {
                return text[(close + 1)..].TrimStart();
            }

            return null;
        }

        // A prefix: letters, then optional [n] or (n) or space-n, then ':' or '：'.
        var i = 0;
        while (i < text.Length && i < 20 && char.IsLetter(text[i]))
        {
            i++;
        }

        if (i == 0 || !Prefixes.Contains(text[..i]))
        {
            return null;
        }

        var j = i;
        if (j < text.Length && text[j] is '[' or '(')
        {
            var close = text[j] == '[' ? ']' : ')';
            var k = j + 1;
            while (k < text.Length && char.IsAsciiDigit(text[k]))
            {
                k++;
            }

            if (k == j + 1 || k >= text.Length || text[k] != close)
            {
                return null;
            }

            j = k + 1;
        }
        else
        {
            // "Re 2:" and "AW*2:" are rare; "Re^2:" occurs in old clients.
            if (j < text.Length && text[j] == '^')
            {
                j++;
                while (j < text.Length && char.IsAsciiDigit(text[j]))
                {
                    j++;
                }
            }
        }

        while (j < text.Length && text[j] == ' ')
        {
            j++;
        }

        if (j >= text.Length || text[j] is not (':' or '：'))
        {
            return null;
        }

        return text[(j + 1)..].TrimStart();
    }

    private static string CollapseSpaces(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c) || c == '\u3000';
            if (space)
            {
                if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString().TrimEnd();
    }
}
