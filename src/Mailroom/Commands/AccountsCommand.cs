using System.CommandLine;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.OAuth;
using Mailroom.Engine.OAuth;
using Mailroom.Shapes;

namespace Mailroom.Commands;

/// <summary>
/// <c>mailroom accounts</c>: list, show, add, edit, copy and delete global e-mail accounts. Other areas add their own
/// subcommand to the command this returns (e.g. <c>accounts test</c>) with one line in Program.cs.
/// </summary>
internal static class AccountsCommand
{
    public static Command Create()
    {
        var command = new Command("accounts", "Global e-mail accounts (Exchange, IMAP, POP3, Microsoft 365 through Graph)");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(AccountsAddCommand.Create());
        command.Subcommands.Add(AccountsEditCommand.Create());
        command.Subcommands.Add(CreateCopy());
        command.Subcommands.Add(CreateDelete());
        return command;
    }

    /// <summary>The <c>--json</c> flag of every listing and show.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON (camelCase) instead of text" };

    public static Argument<string> NameArgument() => new("NAME") { Description = "The account's name (any case)" };

    /// <summary>Prints warnings about risky but allowed settings on standard error.</summary>
    public static void WriteWarnings(CommandContext context, Account account)
    {
        foreach (var warning in AccountValidator.Warnings(account))
        {
            context.Warn(warning.Field, warning.Message);
        }
    }

    /// <summary>Input problems found while reading the flags, together with the account's own, all at once.</summary>
    public static void ThrowIfProblems(List<ValidationProblem> inputProblems, Account account)
    {
        if (inputProblems.Count > 0)
        {
            throw new ValidationException([.. inputProblems, .. AccountValidator.Validate(account)]);
        }
    }

    private static Command CreateList()
    {
        var json = JsonOption();
        var command = new Command("list", "List the global accounts") { json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var accounts = await context.Get<AccountStore>().ListAsync(ct);
            var kept = (await context.Get<OAuthTokenStore>().ListStatesAsync(ct)).Where(s => s.UserAddress.Length == 0).ToDictionary(s => s.AccountId);
            SignInStatus? SignIn(Core.Accounts.Account a) => SignInStatus.Of(a, kept.GetValueOrDefault(a.Id));
            if (context.GetValue(json))
            {
                context.WriteJson(accounts.Select(a => new { a.Name, Type = a.Type.ToString().ToLowerInvariant(), a.AvailableToUsers, Server = AccountView.HostOf(a), Auth = OAuthNames.Auth(a.OAuth), SignIn = SignIn(a) }));
                return ExitCodes.Done;
            }

            if (accounts.Count == 0)
            {
                await context.Out.WriteLineAsync("No accounts. Add one with: mailroom accounts add exchange|imap|pop3|graph --name NAME …");
                return ExitCodes.Done;
            }

            var width = Math.Max(4, accounts.Max(a => a.Name.Length));
            await context.Out.WriteLineAsync($"{"NAME".PadRight(width)}  TYPE      USERS  SERVER");
            foreach (var a in accounts)
            {
                var signIn = SignIn(a) is { NeedsSignIn: true } needed ? $"  ({needed})" : "";
                await context.Out.WriteLineAsync($"{a.Name.PadRight(width)}  {a.Type.ToString().ToLowerInvariant(),-8}  {(a.AvailableToUsers ? "yes" : "no"),-5}  {AccountView.HostOf(a)}{signIn}");
            }

            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateShow()
    {
        var name = NameArgument();
        var json = JsonOption();
        var command = new Command("show", "Show every setting of an account (secrets only as set or not set)") { name, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var account = await context.Get<AccountStore>().GetAsync(context.GetValue(name)!, ct);
            var view = AccountView.From(account) with { SignIn = await SignInStatus.ForAsync(context.Get<OAuthTokenStore>(), account, ct) };
            if (context.GetValue(json))
            {
                context.WriteJson(view);
            }
            else
            {
                AccountText.Write(context.Out, view);
            }

            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateCopy()
    {
        var name = NameArgument();
        var newName = new Option<string>("--name") { Description = "The copy's name (unique without regard to case)", Required = true };
        var command = new Command("copy", "Copy an account with every setting, secrets and From settings included, under a new name") { name, newName };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var copy = await context.Get<AccountStore>().CopyAsync(context.GetValue(name)!, context.GetValue(newName)!, context.Actor, ct);
            await context.Out.WriteLineAsync($"Copied '{context.GetValue(name)}' to '{copy.Name}'.");
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateDelete()
    {
        var name = NameArgument();
        var keep = new Option<bool>("--keep-user-accounts")
        {
            Description = "Turn each user's personal version into a standalone personal account (else they are deleted too)",
        };
        var command = new Command("delete", "Delete an account") { name, keep };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var kept = await context.Get<AccountStore>().DeleteAsync(context.GetValue(name)!, context.GetValue(keep), context.Actor, ct);
            await context.Out.WriteLineAsync(context.GetValue(keep)
                ? $"Deleted '{context.GetValue(name)}'; kept {kept} user account(s) as standalone personal accounts."
                : $"Deleted '{context.GetValue(name)}' and its users' personal versions.");
            return ExitCodes.Done;
        });
        return command;
    }
}
