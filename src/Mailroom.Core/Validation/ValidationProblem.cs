namespace Mailroom.Core.Validation;

/// <summary>One thing wrong with an input: the field (as the command line and the API name it) and what is wrong.</summary>
public sealed record ValidationProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
