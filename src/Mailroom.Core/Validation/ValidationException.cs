namespace Mailroom.Core.Validation;

/// <summary>Input was refused; <see cref="Problems"/> lists every problem at once, each naming its field.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException(IReadOnlyList<ValidationProblem> problems)
        : base(string.Join("; ", problems))
    {
        Problems = problems;
    }

    public ValidationException(string field, string message)
        : this([new ValidationProblem(field, message)])
    {
    }

    public IReadOnlyList<ValidationProblem> Problems { get; }
}
