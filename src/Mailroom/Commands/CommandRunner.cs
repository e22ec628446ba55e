using System.CommandLine;
using System.Security.Cryptography;
using Mailroom.Core.Validation;

namespace Mailroom.Commands;

/// <summary>
/// Runs a command's action with its <see cref="CommandContext"/> and turns the typed exceptions into the exit codes
/// every command shares: invalid input 2 (each problem as <c>field: message</c>), not found 3, conflict 4.
/// </summary>
internal static class CommandRunner
{
    /// <summary>
    /// Sets <paramref name="action"/> as <paramref name="command"/>'s action; <paramref name="configure"/> registers the
    /// command's own services (e.g. options from configuration) and may refuse with a <see cref="ValidationException"/>.
    /// </summary>
    public static void SetAction(Command command, Func<CommandContext, CancellationToken, Task<int>> action, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, action, configure, cancellationToken));
    }

    /// <summary>As above, for a command whose services depend on what was given (e.g. logging only for a foreground run).</summary>
    public static void SetAction(Command command, Func<CommandContext, CancellationToken, Task<int>> action, Action<IServiceCollection, ParseResult> configure)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(configure);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, action, services => configure(services, parseResult), cancellationToken));
    }

    public static Task<int> RunAsync(ParseResult parseResult, Func<CommandContext, CancellationToken, Task<int>> action, CancellationToken cancellationToken) =>
        RunAsync(parseResult, action, null, cancellationToken);

    public static async Task<int> RunAsync(ParseResult parseResult, Func<CommandContext, CancellationToken, Task<int>> action, Action<IServiceCollection>? configure, CancellationToken cancellationToken)
    {
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            await using var context = await CommandContext.OpenAsync(parseResult, configure, cancellationToken);
            return await action(context, cancellationToken);
        }
        catch (ValidationException e)
        {
            WriteProblems(error, e.Problems);
            return ExitCodes.InvalidInput;
        }
        catch (NotFoundException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.NotFound;
        }
        catch (ConflictException e)
        {
            await error.WriteLineAsync(e.Message);
            return ExitCodes.Conflict;
        }
        catch (CryptographicException e)
        {
            await error.WriteLineAsync($"A stored secret could not be unsealed ({e.Message}). The key ring under the data directory (or in the database) was lost or replaced; enter the account's password again.");
            return ExitCodes.Failed;
        }
    }

    public static void WriteProblems(TextWriter error, IEnumerable<ValidationProblem> problems)
    {
        foreach (var problem in problems)
        {
            error.WriteLine($"{problem.Field}: {problem.Message}");
        }
    }
}
