using Mailroom.Core.Validation;

namespace Mailroom.Core.Sending;

/// <summary>
/// Header injection guard: any text that ends up in a header line (subject, addresses, display names) must not
/// carry a line break, or <c>Hi\r\nBcc: victim@x</c> would add a header of the caller's choosing.
/// </summary>
public static class HeaderInput
{
    /// <summary>Adds a problem for <paramref name="field"/> when <paramref name="value"/> holds CR, LF or another control character.</summary>
    public static void Check(string field, string? value, ICollection<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (value is null)
        {
            return;
        }

        if (value.Contains('\r', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
        {
            problems.Add(new ValidationProblem(field, "must be one line: it contains a line break (CR or LF), which could inject a header; nothing was queued."));
        }
        else if (value.Any(c => char.IsControl(c) && c != '\t'))
        {
            problems.Add(new ValidationProblem(field, "contains a control character, which a mail header cannot carry."));
        }
    }
}
