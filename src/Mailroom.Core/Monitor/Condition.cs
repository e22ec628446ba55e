using System.Text.RegularExpressions;
using Mailroom.Core.Validation;

namespace Mailroom.Core.Monitor;

/// <summary>
/// One condition of a monitor item: field, operator and value, compared without regard to case. A regular
/// expression runs on .NET's non-backtracking engine (linear time whatever the pattern and input) and with a match
/// timeout besides; a pattern that is invalid is refused by <see cref="Validate"/> and never matches.
/// </summary>
public sealed class Condition
{
    public Condition(MailField field, ConditionOperator @operator, string value)
    {
        Field = field;
        Operator = @operator;
        Value = value;
    }

    public MailField Field { get; }

    public ConditionOperator Operator { get; }

    public string Value { get; }

    /// <summary>How long one regular-expression match may take before it counts as "no match".</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    // Built once on first use; a Condition is immutable otherwise, so sharing it between threads is safe.
    private Regex? _regex;

    /// <summary>Every problem with the condition, each naming its field; empty when it is valid.</summary>
    public IReadOnlyList<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (!Enum.IsDefined(Field))
        {
            problems.Add(new("field", "must be from, from-name, from-address, to, cc, subject, body or subject-and-body"));
        }

        if (!Enum.IsDefined(Operator))
        {
            problems.Add(new("operator", "must be contains, equals, begins-with, ends-with or regex"));
        }

        if (Value is null || (Operator != ConditionOperator.Equals && Value.Length == 0))
        {
            problems.Add(new("value", "must not be empty"));
        }
        else if (Value.Length > 1000)
        {
            problems.Add(new("value", "must be at most 1000 characters"));
        }
        else if (Operator == ConditionOperator.Regex && TryBuildRegex(Value, out var error) is null)
        {
            problems.Add(new("value", $"is not a usable regular expression: {error}"));
        }

        return problems;
    }

    /// <summary>
    /// Whether the message meets the condition. An invalid pattern or a match that runs out of time is false, never
    /// an exception or a hang; <see cref="Validate"/> reports invalid patterns when the item is saved.
    /// </summary>
    public bool Matches(IncomingMailFacts mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var text = MailFieldReader.Read(mail, Field);
        var value = Value ?? string.Empty;
        switch (Operator)
        {
            case ConditionOperator.Contains:
                return text.Contains(value, StringComparison.OrdinalIgnoreCase);
            case ConditionOperator.Equals:
                return string.Equals(text.Trim(), value.Trim(), StringComparison.OrdinalIgnoreCase);
            case ConditionOperator.BeginsWith:
                return text.TrimStart().StartsWith(value, StringComparison.OrdinalIgnoreCase);
            case ConditionOperator.EndsWith:
                return text.TrimEnd().EndsWith(value, StringComparison.OrdinalIgnoreCase);
            case ConditionOperator.Regex:
                _regex ??= TryBuildRegex(value, out _);
                if (_regex is null)
                {
                    return false;
                }

                try
                {
                    return _regex.IsMatch(text);
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }

            default:
                return false;
        }
    }

    private static Regex? TryBuildRegex(string pattern, out string? error)
    {
        try
        {
            error = null;
            return new Regex(
                pattern,
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking,
                RegexTimeout);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // Includes constructs NonBacktracking cannot run (backreferences, lookarounds, atomic groups).
            error = ex.Message;
            return null;
        }
    }
}
