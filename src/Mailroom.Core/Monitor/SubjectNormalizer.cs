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
    // Replies and forwards are kept apart because a forward is not an answer: Outlook keeps the Thread-Index of a
    // forwarded mail, so a forward must not be filed by it (see IsForward). Where one word is a reply in one language
    // and a forward in another, the word is listed where its commonest mail client uses it (VS: Norwegian Outlook).
    private static readonly HashSet<string> ReplyPrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Re", "AW", "SV", "Antw", "RIF", "R", "Odp", "YNT", "回复", "回覆", "答复", "Ответ", "Отв", "Réf", "Rif", "Antwort",
        "ΑΠ", "ΣΧΕΤ", "Ant", "Atb", "Vá", "RES", "Réponse", "Balas", "Svar",
    };

    private static readonly HashSet<string> ForwardPrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Fw", "Fwd", "WG", "VS", "Doorst", "I", "TR", "转发", "轉寄", "Пересл", "Enc", "Fs", "Πρθ", "Továbbítás", "RV",
        "FYI", "Doorgestuurd", "Pd", "Pesan Terusan", "İlt", "Vid", "Vb", "Videresend",
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
            if (StripOne(text) is not { } stripped)
            {
                break;
            }

            text = stripped.Remainder;
        }

        return text;
    }

    /// <summary>
    /// Whether the subject's outermost prefix (after list tags) is a forward prefix (<c>Fwd:</c>, <c>WG:</c>, <c>TR:</c>,
    /// <c>转发:</c>, ...): a forward of an old mail is new business, whatever conversation headers it kept.
    /// </summary>
    public static bool IsForward(string? subject)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            return false;
        }

        var text = CollapseSpaces(subject);
        for (var round = 0; round < 100 && StripOne(text) is (var rest, var prefix); round++)
        {
            if (prefix is not null)
            {
                return ForwardPrefixes.Contains(prefix);
            }

            text = rest; // a list tag: the prefix may follow it
        }

        return false;
    }

    /// <summary>Whether the normalized subject is long enough to be matched against records.</summary>
    public bool IsMatchable(string? subject) => Normalize(subject).Length >= MinimumLength;

    /// <summary>Whether two subjects are the same after normalizing (case-insensitive); short ones never match.</summary>
    public bool SameConversation(string? a, string? b)
    {
        var left = Normalize(a);
        return left.Length >= MinimumLength && string.Equals(left, Normalize(b), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Strips one list tag (Prefix null) or one reply or forward prefix; null when the subject starts with neither.</summary>
    private static (string Remainder, string? Prefix)? StripOne(string text)
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
                return (text[(close + 1)..].TrimStart(), null);
            }

            return null;
        }

        // A prefix: letters, then optional [n] or (n) or space-n, then ':' or '：'.
        var i = 0;
        while (i < text.Length && i < 20 && char.IsLetter(text[i]))
        {
            i++;
        }

        var prefix = text[..i];
        if (i == 0 || !(ReplyPrefixes.Contains(prefix) || ForwardPrefixes.Contains(prefix)))
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

        return (text[(j + 1)..].TrimStart(), prefix);
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
