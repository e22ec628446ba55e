using System.CommandLine;
using System.Text.Json;
using Mailroom.Core.Validation;
using Mailroom.Data;
using Mailroom.Data.Records;
using Mailroom.Data.Users;
using Mailroom.Users;

namespace Mailroom.Commands;

/// <summary>
/// <c>mailroom users add|list|disable|enable|reset-password|set-role|delete</c>: the people who sign in to the web
/// pages. The last active administrator cannot be disabled, demoted or deleted; passwords are read from standard input only.
/// </summary>
internal static class UsersCommand
{
    public static Command Create(Func<ParseResult, DatabaseOptions> databaseOptions)
    {
        var command = new Command("users", "Administrators and agents who sign in to the web pages.");
        command.Subcommands.Add(CreateAdd(databaseOptions));
        command.Subcommands.Add(CreateList(databaseOptions));
        command.Subcommands.Add(CreateChange(databaseOptions, "disable", "Disable a user: they cannot sign in, and their open sessions end at once.",
            (d, a, ct) => d.SetDisabledAsync(a, true, ct), "Disabled"));
        command.Subcommands.Add(CreateChange(databaseOptions, "enable", "Enable a disabled user again.",
            (d, a, ct) => d.SetDisabledAsync(a, false, ct), "Enabled"));
        command.Subcommands.Add(CreateResetPassword(databaseOptions));
        command.Subcommands.Add(CreateSetRole(databaseOptions));
        command.Subcommands.Add(CreateDelete(databaseOptions));
        return command;
    }

    private static Argument<string> AddressArgument() => new("ADDRESS") { Description = "The user's e-mail address (their sign-in name)." };

    private static Command CreateChange(Func<ParseResult, DatabaseOptions> databaseOptions, string name, string description, Func<UserDirectory, string, CancellationToken, Task<UserChange>> change, string done)
    {
        var address = AddressArgument();
        var command = new Command(name, description) { address };
        command.SetAction((parseResult, ct) => WithDirectoryAsync(parseResult, databaseOptions, async directory =>
        {
            var outcome = await change(directory, parseResult.GetValue(address)!, ct);
            var user = await directory.GetAsync(parseResult.GetValue(address)!, ct);
            parseResult.InvocationConfiguration.Output.WriteLine(outcome == UserChange.Unchanged ? $"{user.Address} was {done.ToLowerInvariant()} already." : $"{done} {user.Address}.");
            return ExitCodes.Done;
        }, ct));
        return command;
    }

    private static Command CreateResetPassword(Func<ParseResult, DatabaseOptions> databaseOptions)
    {
        var address = AddressArgument();
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the temporary password from the first line of standard input (required; tell it to the user)." };
        var command = new Command("reset-password", "Reset a password to a temporary one: the user's sessions end, and at the next sign-in they must choose a new one.") { address, passwordStdin };
        command.SetAction(async (parseResult, ct) =>
        {
            if (!parseResult.GetValue(passwordStdin))
            {
                return CommandOutput.Invalid([new ValidationProblem("password", "Give --password-stdin and type the temporary password on standard input; passwords never go on the command line.")]);
            }

            var password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
            return await WithDirectoryAsync(parseResult, databaseOptions, async directory =>
            {
                await directory.ResetPasswordAsync(parseResult.GetValue(address)!, password, ct);
                parseResult.InvocationConfiguration.Output.WriteLine($"Reset the password of {parseResult.GetValue(address)!.Trim()}: they sign in with the temporary one and must choose a new one.");
                return ExitCodes.Done;
            }, ct);
        });
        return command;
    }

    private static Command CreateSetRole(Func<ParseResult, DatabaseOptions> databaseOptions)
    {
        var address = AddressArgument();
        var role = new Argument<string>("ROLE") { Description = "agent or administrator." };
        var command = new Command("set-role", "Make a user an agent or an administrator (they sign in again under the new role).") { address, role };
        command.SetAction((parseResult, ct) => WithDirectoryAsync(parseResult, databaseOptions, async directory =>
        {
            var newRole = UserRoles.Parse(parseResult.GetValue(role));
            var outcome = await directory.SetRoleAsync(parseResult.GetValue(address)!, newRole, ct);
            parseResult.InvocationConfiguration.Output.WriteLine($"{parseResult.GetValue(address)!.Trim()} {(outcome == UserChange.Unchanged ? "was" : "is now")} {(newRole == UserRole.Administrator ? "an administrator" : "an agent")}.");
            return ExitCodes.Done;
        }, ct));
        return command;
    }

    private static Command CreateDelete(Func<ParseResult, DatabaseOptions> databaseOptions)
    {
        var address = AddressArgument();
        var command = new Command("delete", "Delete a user. Their notes and changes keep their name in the journals; records assigned to them become unassigned.") { address };
        command.SetAction((parseResult, ct) => WithDirectoryAsync(parseResult, databaseOptions, async directory =>
        {
            var user = await directory.DeleteAsync(parseResult.GetValue(address)!, $"cli:{Environment.UserName}", ct);
            parseResult.InvocationConfiguration.Output.WriteLine($"Deleted {user.Address}.");
            return ExitCodes.Done;
        }, ct));
        return command;
    }

    private static async Task<int> WithDirectoryAsync(ParseResult parseResult, Func<ParseResult, DatabaseOptions> databaseOptions, Func<UserDirectory, Task<int>> action, CancellationToken ct)
    {
        await using var database = await MailroomDatabase.OpenAndMigrateAsync(databaseOptions(parseResult), ct);
        var directory = new UserDirectory(new UserStore(database, TimeProvider.System), TimeProvider.System, new RecordStore(database, TimeProvider.System));
        try
        {
            return await action(directory);
        }
        catch (ValidationException e)
        {
            CommandRunner.WriteProblems(parseResult.InvocationConfiguration.Error, e.Problems);
            return ExitCodes.InvalidInput;
        }
        catch (NotFoundException e)
        {
            await parseResult.InvocationConfiguration.Error.WriteLineAsync($"address: {e.Message}");
            return ExitCodes.NotFound;
        }
    }

    private static Command CreateAdd(Func<ParseResult, DatabaseOptions> databaseOptions)
    {
        var address = new Argument<string>("ADDRESS") { Description = "The user's e-mail address; it is also the sign-in name." };
        var admin = new Option<bool>("--admin") { Description = "An administrator: e-mail options, monitors, users, API tokens." };
        var agent = new Option<bool>("--agent") { Description = "An agent: records, sending, personal account settings." };
        var name = new Option<string?>("--name") { Description = "The display name (default: the address)." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var command = new Command("add", "Add a user who signs in to the web pages.") { address, admin, agent, name, passwordStdin };
        command.SetAction(async (parseResult, ct) =>
        {
            var problems = new List<ValidationProblem>();
            var isAdmin = parseResult.GetValue(admin);
            var isAgent = parseResult.GetValue(agent);
            if (isAdmin == isAgent)
            {
                problems.Add(new ValidationProblem("role", "Give exactly one of --admin or --agent."));
            }

            if (!parseResult.GetValue(passwordStdin))
            {
                problems.Add(new ValidationProblem("password", "Give --password-stdin and type the password on standard input; passwords never go on the command line."));
            }

            if (problems.Count > 0)
            {
                return CommandOutput.Invalid(problems);
            }

            var password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
            await using var database = await MailroomDatabase.OpenAndMigrateAsync(databaseOptions(parseResult), ct);
            var directory = new UserDirectory(new UserStore(database, TimeProvider.System), TimeProvider.System);
            try
            {
                var user = await directory.AddAsync(parseResult.GetValue(address)!, parseResult.GetValue(name), isAdmin ? UserRole.Administrator : UserRole.Agent, password, ct);
                parseResult.InvocationConfiguration.Output.WriteLine($"Added {user.Role.ToString().ToLowerInvariant()} {user.Address}.");
                return 0;
            }
            catch (ValidationException e)
            {
                return CommandOutput.Invalid(e.Problems);
            }
        });
        return command;
    }

    private static Command CreateList(Func<ParseResult, DatabaseOptions> databaseOptions)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List the users.") { json };
        command.SetAction(async (parseResult, ct) =>
        {
            await using var database = await MailroomDatabase.OpenAndMigrateAsync(databaseOptions(parseResult), ct);
            var users = await new UserStore(database, TimeProvider.System).ListAsync(ct);
            if (parseResult.GetValue(json))
            {
                parseResult.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(users.Select(UserSummary.From), CommandOutput.Json));
                return 0;
            }

            foreach (var u in users)
            {
                var locked = u.LockedUntil is { } until && until > DateTimeOffset.UtcNow ? $"  (locked until {until:u})" : "";
                var state = (u.IsDisabled ? "  (disabled)" : "") + (u.MustChangePassword ? "  (must choose a new password)" : "");
                parseResult.InvocationConfiguration.Output.WriteLine($"{u.Id,4}  {UserRoles.Text(u.Role),-13}  {u.Address}  {u.DisplayName}{locked}{state}");
            }

            return 0;
        });
        return command;
    }
}
