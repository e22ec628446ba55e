using System.CommandLine;
using System.CommandLine.Parsing;
using Mailroom.Core.Validation;

namespace Mailroom.Commands;

/// <summary>The root of the command tree and how a line is run.</summary>
internal static class MailroomRootCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Mailroom: the e-mail side of a service desk. Accounts, sending, the E-mail Monitor, and the web app (serve).");
        GlobalOptions.AddTo(root);
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A line that does not parse (an unknown subcommand or type, a value
    /// of the wrong kind) is invalid input like any other: exit 2, each problem as <c>field: message</c>.
    /// </summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        configuration ??= new InvocationConfiguration();
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not System.CommandLine.Help.HelpAction)
        {
            CommandRunner.WriteProblems(configuration.Error, parseResult.Errors.Select(ToProblem));
            await configuration.Error.WriteLineAsync($"See '{root.Name} {string.Join(' ', CommandPath(parseResult.CommandResult))} --help'.".Replace("  ", " ", StringComparison.Ordinal));
            return ExitCodes.InvalidInput;
        }

        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }

    private static ValidationProblem ToProblem(ParseError error)
    {
        var field = error.SymbolResult switch
        {
            OptionResult option => option.Option.Name.TrimStart('-'),
            ArgumentResult { Parent: OptionResult option } => option.Option.Name.TrimStart('-'),
            ArgumentResult argument => argument.Argument.Name,
            _ => "arguments",
        };
        return new ValidationProblem(field, error.Message);
    }

    private static IEnumerable<string> CommandPath(CommandResult? result)
    {
        var names = new Stack<string>();
        for (var current = result; current is not null && current.Parent is not null; current = current.Parent as CommandResult)
        {
            names.Push(current.Command.Name);
        }

        return names;
    }
}
