using System.Text.Json;
using Mailroom.Core.Validation;

namespace Mailroom.Commands;

/// <summary>How the web's commands report problems: each as <c>field: message</c> on standard error, exit 2.</summary>
internal static class CommandOutput
{
    public const int InvalidInput = 2;

    public const int NotFound = 3;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static int Invalid(IEnumerable<ValidationProblem> problems)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"{problem.Field}: {problem.Message}");
        }

        return InvalidInput;
    }
}
