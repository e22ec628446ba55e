namespace Mailroom.Mail;

/// <summary>One step of Test Account: what was tried, whether it passed, the server's words and a hint.</summary>
public sealed record AccountTestStep(string Name, bool Passed, string Detail, string? Hint = null);
