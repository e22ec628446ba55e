using Mailroom.Core.Validation;

namespace Mailroom.Core.Monitor;

/// <summary>
/// A rule of the fixed Skip item: a word or phrase in the subject, body, from, to or cc, anywhere, at the beginning
/// or at the end, compared without regard to case (leading and trailing spaces of the field ignored). A skipped
/// message runs no item but is still post-processed (marked read, moved or deleted).
/// </summary>
public sealed record SkipRule(string Phrase, MailField Field, SkipPosition Position = SkipPosition.Anywhere)
{
    /// <summary>Every problem with the rule, each naming its field; empty when it is valid.</summary>
    public IReadOnlyList<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(Phrase))
        {
            problems.Add(new("phrase", "must not be empty"));
        }
        else if (Phrase.Length > 500)
        {
            problems.Add(new("phrase", "must be at most 500 characters"));
        }

        if (Field is not (MailField.Subject or MailField.Body or MailField.From or MailField.To or MailField.Cc))
        {
            problems.Add(new("field", "must be subject, body, from, to or cc"));
        }

        if (!Enum.IsDefined(Position))
        {
            problems.Add(new("position", "must be anywhere, begins-with or ends-with"));
        }

        return problems;
    }

    /// <summary>Whether the message should be skipped by this rule.</summary>
    public bool Matches(IncomingMailFacts mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var phrase = Phrase.Trim();
        if (phrase.Length == 0)
        {
            return false;
        }

        var text = MailFieldReader.Read(mail, Field).Trim();
        return Position switch
        {
            SkipPosition.BeginsWith => text.StartsWith(phrase, StringComparison.OrdinalIgnoreCase),
            SkipPosition.EndsWith => text.EndsWith(phrase, StringComparison.OrdinalIgnoreCase),
            _ => text.Contains(phrase, StringComparison.OrdinalIgnoreCase),
        };
    }
}
