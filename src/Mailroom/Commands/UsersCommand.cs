using System.CommandLine;
using Mailroom.Core.Validation;
using Mailroom.Data.Users;
using Mailroom.Users;
using Mailroom.Web;

namespace Mailroom.Commands;

/// <summary>
/// <c>mailroom users add|list|disable|enable|reset-password|set-role|delete</c>: the people who sign in to the web
/// pages. The last active administrator cannot be disabled, demoted or deleted; passwords are read from standard input only.
/// </summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Administrators and agents who sign in to the web pages.");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateChange("disable", "Disable a user: they cannot sign in, and their open sessions end at once.",
            (d, a, ct) => d.SetDisabledAsync(a, true, ct), "Disabled"));
        command.Subcommands.Add(CreateChange("enable", "Enable a disabled user again.",
            (d, a, ct) => d.SetDisabledAsync(a, false, ct), "Enabled"));
        command.Subcommands.Add(CreateResetPassword());
        command.Subcommands.Add(CreateSetRole());
        command.Subcommands.Add(CreateDelete());
        return command;
    }

    private static Argument<string> AddressArgument() => new("ADDRESS") { Description = "The user's e-mail address (their sign-in name)." };

    private static Command CreateChange(string name, string description, Func<UserDirectory, string, CancellationToken, Task<UserChange>> change, string done)
    {
        var address = AddressArgument();
        var command = new Command(name, description) { address };
        SetDirectoryAction(command, async (context, directory, ct) =>
        {
            var outcome = await change(directory, context.GetValue(address)!, ct);
            var user = await directory.GetAsync(context.GetValue(address)!, ct);
            await context.Out.WriteLineAsync(outcome == UserChange.Unchanged ? $"{user.Address} was {done.ToLowerInvariant()} already." : $"{done} {user.Address}.");
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateResetPassword()
    {
        var address = AddressArgument();
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the temporary password from the first line of standard input (required; tell it to the user)." };
        var command = new Command("reset-password", "Reset a password to a temporary one: the user's sessions end, and at the next sign-in they must choose a new one.") { address, passwordStdin };
        SetDirectoryAction(command, async (context, directory, ct) =>
        {
            var password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
            await directory.ResetPasswordAsync(context.GetValue(address)!, password, ct);
            await context.Out.WriteLineAsync($"Reset the password of {context.GetValue(address)!.Trim()}: they sign in with the temporary one and must choose a new one.");
            return ExitCodes.Done;
        }, parseResult =>
        {
            if (!parseResult.GetValue(passwordStdin))
            {
                throw new ValidationException("password", "Give --password-stdin and type the temporary password on standard input; passwords never go on the command line.");
            }
        });
        return command;
    }

    private static Command CreateSetRole()
    {
        var address = AddressArgument();
        var role = new Argument<string>("ROLE") { Description = "agent or administrator." };
        var command = new Command("set-role", "Make a user an agent or an administrator (they sign in again under the new role).") { address, role };
        SetDirectoryAction(command, async (context, directory, ct) =>
        {
            var newRole = UserRoles.Parse(context.GetValue(role));
            var outcome = await directory.SetRoleAsync(context.GetValue(address)!, newRole, ct);
            await context.Out.WriteLineAsync($"{context.GetValue(address)!.Trim()} {(outcome == UserChange.Unchanged ? "was" : "is now")} {(newRole == UserRole.Administrator ? "an administrator" : "an agent")}.");
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateDelete()
    {
        var address = AddressArgument();
        var command = new Command("delete", "Delete a user. Their notes and changes keep their name in the journals; records assigned to them become unassigned.") { address };
        SetDirectoryAction(command, async (context, directory, ct) =>
        {
            var user = await directory.DeleteAsync(context.GetValue(address)!, context.Actor, ct);
            await context.Out.WriteLineAsync($"Deleted {user.Address}.");
            return ExitCodes.Done;
        });
        return command;
    }

    /// <summary>
    /// Runs <paramref name="action"/> with the <see cref="UserDirectory"/> from the services (the same the web host
    /// uses, on the installation's clock). <paramref name="check"/> refuses a line before the database is opened. A
    /// user not found names the address, as a problem does.
    /// </summary>
    private static void SetDirectoryAction(Command command, Func<CommandContext, UserDirectory, CancellationToken, Task<int>> action, Action<ParseResult>? check = null) =>
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            try
            {
                return await action(context, context.Get<UserDirectory>(), ct);
            }
            catch (NotFoundException e)
            {
                await context.Error.WriteLineAsync($"address: {e.Message}");
                return ExitCodes.NotFound;
            }
        }, (services, parseResult) =>
        {
            check?.Invoke(parseResult);
            services.AddMailroomUsers();
        });

    private static Command CreateAdd()
    {
        var address = new Argument<string>("ADDRESS") { Description = "The user's e-mail address; it is also the sign-in name." };
        var admin = new Option<bool>("--admin") { Description = "An administrator: e-mail options, monitors, users, API tokens." };
        var agent = new Option<bool>("--agent") { Description = "An agent: records, sending, personal account settings." };
        var name = new Option<string?>("--name") { Description = "The display name (default: the address)." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var command = new Command("add", "Add a user who signs in to the web pages.") { address, admin, agent, name, passwordStdin };
        SetDirectoryAction(command, async (context, directory, ct) =>
        {
            var password = (await Console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
            var role = context.GetValue(admin) ? UserRole.Administrator : UserRole.Agent;
            var user = await directory.AddAsync(context.GetValue(address)!, context.GetValue(name), role, password, ct);
            await context.Out.WriteLineAsync($"Added {user.Role.ToString().ToLowerInvariant()} {user.Address}.");
            return ExitCodes.Done;
        }, parseResult =>
        {
            var problems = new List<ValidationProblem>();
            if (parseResult.GetValue(admin) == parseResult.GetValue(agent))
            {
                problems.Add(new ValidationProblem("role", "Give exactly one of --admin or --agent."));
            }

            if (!parseResult.GetValue(passwordStdin))
            {
                problems.Add(new ValidationProblem("password", "Give --password-stdin and type the password on standard input; passwords never go on the command line."));
            }

            if (problems.Count > 0)
            {
                throw new ValidationException(problems);
            }
        });
        return command;
    }

    private static Command CreateList()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List the users.") { json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var users = await context.Get<UserStore>().ListAsync(ct);
            if (context.GetValue(json))
            {
                context.WriteJson(users.Select(UserSummary.From));
                return ExitCodes.Done;
            }

            var now = context.Get<TimeProvider>().GetUtcNow();
            foreach (var u in users)
            {
                var locked = u.LockedUntil is { } until && until > now ? $"  (locked until {until:u})" : "";
                var state = (u.IsDisabled ? "  (disabled)" : "") + (u.MustChangePassword ? "  (must choose a new password)" : "");
                await context.Out.WriteLineAsync($"{u.Id,4}  {UserRoles.Text(u.Role),-13}  {u.Address}  {u.DisplayName}{locked}{state}");
            }

            return ExitCodes.Done;
        });
        return command;
    }
}
