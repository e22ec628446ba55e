namespace Mailroom.Mail;

/// <summary>Every step of a Test Account run, in order; the run stops at the first failure.</summary>
public sealed record AccountTestReport(IReadOnlyList<AccountTestStep> Steps)
{
    public bool Passed => Steps.Count > 0 && Steps.All(s => s.Passed);
}
