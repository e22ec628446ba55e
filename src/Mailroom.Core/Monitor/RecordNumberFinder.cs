using System.Globalization;

namespace Mailroom.Core.Monitor;

/// <summary>
/// Finds a record number in a subject, the last and least reliable way of finding the existing record: the first
/// whole number, a number at the end, or the number after a term ("Incident 1234", "Incident #1234",
/// "Incident: 1234", "[Incident#1234]"). Whole numbers only: digits inside words ("ABC123x") and decimals do not count.
/// </summary>
public sealed class RecordNumberFinder
{
    /// <summary>Creates a finder.</summary>
    /// <exception cref="ArgumentException"><see cref="RecordNumberMode.AfterTerm"/> without a term.</exception>
    public RecordNumberFinder(RecordNumberMode mode, string? term = null)
    {
        if (mode == RecordNumberMode.AfterTerm && string.IsNullOrWhiteSpace(term))
        {
            throw new ArgumentException("Finding a record number after a term needs the term, e.g. \"Incident\".", nameof(term));
        }

        Mode = mode;
        Term = term?.Trim();
    }

    public RecordNumberMode Mode { get; }

    /// <summary>The term a number must follow in <see cref="RecordNumberMode.AfterTerm"/> mode (matched without regard to case).</summary>
    public string? Term { get; }

    /// <summary>The record number, or null when the subject has none in the chosen place.</summary>
    public long? Find(string? subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        return Mode switch
        {
            RecordNumberMode.FirstNumber => FirstWholeNumber(subject, 0),
            RecordNumberMode.NumberAtEnd => NumberAtEnd(subject),
            _ => AfterTerm(subject),
        };
    }

    private static long? FirstWholeNumber(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]) || (i > 0 && (char.IsLetterOrDigit(text[i - 1]) || IsDecimalPoint(text, i - 1))))
            {
                continue;
            }

            var end = i;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if ((end < text.Length && (char.IsLetter(text[end]) || IsDecimalPoint(text, end))) || !TryParse(text, i, end, out var number))
            {
                i = end;
                continue;
            }

            return number;
        }

        return null;
    }

    private static long? NumberAtEnd(string text)
    {
        var end = text.Length;
        while (end > 0 && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is ']' or ')' or '.' or '!' or '?' or '>' or '}'))
        {
            end--;
        }

        var start = end;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }

        if (start == end || (start > 0 && char.IsLetter(text[start - 1])) || IsDecimalPoint(text, start - 1))
        {
            return null;
        }

        return TryParse(text, start, end, out var number) ? number : null;
    }

    private long? AfterTerm(string text)
    {
        var term = Term!;
        for (var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = text.IndexOf(term, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (at > 0 && char.IsLetterOrDigit(text[at - 1]))
            {
                continue;
            }

            var i = at + term.Length;
            while (i < text.Length && (text[i] is ' ' or '#' or ':' or '-' or '_' or '=' or '.' or '\u00A0'))
            {
                i++;
            }

            var end = i;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end > i && (end == text.Length || !char.IsLetter(text[end])) && TryParse(text, i, end, out var number))
            {
                return number;
            }
        }

        return null;
    }

    private static bool IsDecimalPoint(string text, int index) =>
        index > 0 && index < text.Length - 1 && text[index] is '.' or ',' && char.IsAsciiDigit(text[index - 1])
        && char.IsAsciiDigit(text[index + 1]);

    private static bool TryParse(string text, int start, int end, out long number) =>
        long.TryParse(text.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out number)
        && number > 0;
}
