using System.CommandLine;
using System.Text.Json;
using Mailroom.Core.Validation;
using Mailroom.Data;
using Mailroom.Data.Users;
using Mailroom.Users;

namespace Mailroom.Commands;

/// <summary><c>mailroom users add|list</c>: the people who sign in to the web pages.</summary>
internal static class UsersCommand
{
    public static Command Create(Func<ParseResult, DatabaseOptions> databaseOptions)
    {
        var command = new Command("users", "Administrators and agents who sign in to the web pages.");
        command.Subcommands.Add(CreateAdd(databaseOptions));
        command.Subcommands.Add(CreateList(databaseOptions));
        return command;
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
            var directory = new UserDirectory(new UserStore(database), TimeProvider.System);
            try
            {
                var user = await directory.AddAsync(parseResult.GetValue(address)!, parseResult.GetValue(name), isAdmin ? UserRole.Administrator : UserRole.Agent, password, ct);
                Console.Out.WriteLine($"Added {user.Role.ToString().ToLowerInvariant()} {user.Address}.");
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
            var users = await new UserStore(database).ListAsync(ct);
            if (parseResult.GetValue(json))
            {
                var rows = users.Select(u => new { id = u.Id, address = u.Address, displayName = u.DisplayName, role = u.Role.ToString().ToLowerInvariant(), lockedUntil = u.LockedUntil });
                Console.Out.WriteLine(JsonSerializer.Serialize(rows, CommandOutput.Json));
                return 0;
            }

            foreach (var u in users)
            {
                var locked = u.LockedUntil is { } until && until > DateTimeOffset.UtcNow ? $"  (locked until {until:u})" : "";
                Console.Out.WriteLine($"{u.Id,4}  {u.Role.ToString().ToLowerInvariant(),-13}  {u.Address}  {u.DisplayName}{locked}");
            }

            return 0;
        });
        return command;
    }
}
