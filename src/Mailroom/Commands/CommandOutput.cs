using System.Text.Json;
using Mailroom.Core.Validation;

namespace Mailroom.Commands;

/// <summary>
/// For the user and token commands, which write to the console rather than through a <see cref="CommandContext"/>:
/// the same exit codes and <c>field: message</c> lines as <see cref="CommandRunner"/> (it writes them, not a copy).
/// </summary>
internal static class CommandOutput
{
    public const int InvalidInput = ExitCodes.InvalidInput;

    public const int NotFound = ExitCodes.NotFound;

    public static JsonSerializerOptions Json => JsonOutput.Options;

    public static int Invalid(IEnumerable<ValidationProblem> problems)
    {
        CommandRunner.WriteProblems(Console.Error, problems);
        return ExitCodes.InvalidInput;
    }
}
