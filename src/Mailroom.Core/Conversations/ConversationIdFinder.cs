using System.Globalization;
using System.Text;

namespace Mailroom.Core.Conversations;

/// <summary>
/// Finds this installation's Conversation IDs in a subject or body, however mail clients mangled them: any letter
/// case, extra or non-breaking spaces, HTML tags and entities around or inside the token
/// (<c>{CMI:&amp;nbsp;ABCD&lt;b&gt;1234&lt;/b&gt;}</c>), lines folded or wrapped inside the token (with <c>&gt; </c>
/// quote prefixes on the continuation), full-width braces and colons. Only IDs with <see cref="Prefix"/> count.
/// </summary>
/// <remarks>
/// Transfer encodings (quoted-printable, base64, encoded-word subjects) are undone by the mail adapter before text
/// gets here. The finder is a single hand-written pass over the text plus a bounded look-ahead at each brace, so its
/// time is linear in the text's length whatever the input; no regular expression is involved.
/// </remarks>
public sealed class ConversationIdFinder
{
    // Longest run of characters between "CMI:" and "}" that can still be an ID: 8 prefix + 18 digits + spaces.
    private const int MaxTokenBody = 64;

    // A tag longer than this is more likely a stray '<' in text than markup; keeping the bound keeps the pass linear.
    private const int MaxTagLength = 4000;

    /// <summary>Creates a finder for one installation's prefix.</summary>
    /// <exception cref="ArgumentException">The prefix is not 2-8 ASCII letters or digits.</exception>
    public ConversationIdFinder(string prefix)
    {
        if (!ConversationId.IsValidPrefix(prefix))
        {
            throw new ArgumentException(
                $"A Conversation ID prefix is 2-8 ASCII letters or digits; '{prefix}' is not.", nameof(prefix));
        }

        Prefix = prefix.ToUpperInvariant();
    }

    /// <summary>The installation prefix this finder accepts (upper-case; matched without regard to case).</summary>
    public string Prefix { get; }

    /// <summary>Every ID with this installation's prefix in <paramref name="text"/>, in order of appearance.</summary>
    public IReadOnlyList<ConversationId> FindAll(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.IndexOfAny(['{', '&', '｛']) < 0)
        {
            return [];
        }

        var flat = Flatten(text);
        var found = new List<ConversationId>();
        for (var i = flat.IndexOf('{'); i >= 0; i = flat.IndexOf('{', i + 1))
        {
            if (TryReadToken(flat, i + 1, out var id))
            {
                found.Add(id);
            }
        }

        return found;
    }

    /// <summary>
    /// The newest ID (the highest number) found in the subject and the body together, or null when neither holds
    /// one. A reply that quotes older mail of the same conversation carries several; the newest is the one to file on.
    /// </summary>
    public ConversationId? FindNewest(string? subject, string? body)
    {
        ConversationId? newest = null;
        foreach (var id in FindAll(subject).Concat(FindAll(body)))
        {
            if (newest is null || id.Number > newest.Value.Number)
            {
                newest = id;
            }
        }

        return newest;
    }

    private bool TryReadToken(string flat, int start, out ConversationId id)
    {
        id = default;
        var i = SkipSpaces(flat, start);
        if (i + 3 > flat.Length || string.Compare(flat, i, "CMI", 0, 3, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        i = SkipSpaces(flat, i + 3);
        if (i >= flat.Length || flat[i] != ':')
        {
            return false;
        }

        Span<char> body = stackalloc char[MaxTokenBody];
        var length = 0;
        for (i++; i < flat.Length && i - start < MaxTokenBody * 2; i++)
        {
            var c = flat[i];
            if (c == '}')
            {
                return TryMakeId(body[..length], out id);
            }

            if (c == ' ')
            {
                continue;
            }

            if (!char.IsAsciiLetterOrDigit(c) || length == MaxTokenBody)
            {
                return false;
            }

            body[length++] = c;
        }

        return false;
    }

    private bool TryMakeId(ReadOnlySpan<char> body, out ConversationId id)
    {
        id = default;
        if (body.Length <= Prefix.Length || !body[..Prefix.Length].Equals(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var digits = body[Prefix.Length..];
        if (digits.Length > 18 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number < 1)
        {
            return false;
        }

        id = new ConversationId(Prefix, number);
        return true;
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// One pass that removes what clients put in and around the token: HTML tags go, entities are decoded, every
    /// kind of space becomes ' ', and a line break disappears together with the indentation and '&gt;' quote
    /// prefixes after it, so a token wrapped over two (quoted) lines reads as one.
    /// </summary>
    private static string Flatten(string text)
    {
        var sb = new StringBuilder(text.Length);
        var nextGt = -2; // -2: not searched yet; -1: no '>' after the last search point.
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '<' when i + 1 < text.Length && IsTagStart(text[i + 1]):
                    if (nextGt == -2 || (nextGt >= 0 && nextGt < i))
                    {
                        nextGt = text.IndexOf('>', i + 1);
                    }

                    if (nextGt >= 0 && nextGt - i <= MaxTagLength)
                    {
                        i = nextGt;
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
                case '&':
                    i = AppendEntity(text, i, sb);
                    break;
                case '\r' or '\n':
                    while (i + 1 < text.Length && text[i + 1] is '\r' or '\n' or '>' || (i + 1 < text.Length && IsSpace(text[i + 1])))
                    {
                        i++;
                    }

                    break;
                default:
                    sb.Append(Fold(c));
                    break;
            }
        }

        return sb.ToString();
    }

    private static bool IsTagStart(char c) => char.IsAsciiLetter(c) || c is '/' or '!' or '?';

    private static bool IsSpace(char c) =>
        c is ' ' or '\t' or '\u00A0' or '\u00AD' or '\u2007' or '\u202F' or '\u3000' or '\uFEFF'
            or (>= '\u2000' and <= '\u200D');

    private static char Fold(char c) => c switch
    {
        '｛' => '{',
        '｝' => '}',
        '：' => ':',
        _ when IsSpace(c) => ' ',
        _ => c,
    };

    /// <summary>Decodes the entity at <paramref name="amp"/> if there is one; returns the index of its last char.</summary>
    private static int AppendEntity(string text, int amp, StringBuilder sb)
    {
        var end = amp + 1;
        while (end < text.Length && end - amp <= 10 && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '#'))
        {
            end++;
        }

        if (end >= text.Length || text[end] != ';' || end == amp + 1)
        {
            sb.Append('&');
            return amp;
        }

        var name = text.AsSpan(amp + 1, end - amp - 1);
        char? decoded = name switch
        {
            "nbsp" or "ensp" or "emsp" or "thinsp" or "zwsp" or "zwnj" or "zwj" or "shy" => ' ',
            "lbrace" or "lcub" => '{',
            "rbrace" or "rcub" => '}',
            "colon" => ':',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => DecodeNumeric(name),
        };
        if (decoded is null)
        {
            sb.Append('&');
            return amp;
        }

        sb.Append(Fold(decoded.Value));
        return end;
    }

    private static char? DecodeNumeric(ReadOnlySpan<char> name)
    {
        if (name.Length < 2 || name[0] != '#')
        {
            return null;
        }

        var hex = name[1] is 'x' or 'X';
        var digits = hex ? name[2..] : name[1..];
        var style = hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
        return int.TryParse(digits, style, CultureInfo.InvariantCulture, out var code) && code is > 0 and < 0xFFFF
            ? (char)code
            : null;
    }
}
