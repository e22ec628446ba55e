using System.CommandLine;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;

namespace Mailroom.Commands;

/// <summary><c>mailroom accounts add exchange|imap|pop3|graph …</c>.</summary>
internal static class AccountsAddCommand
{
    public static Command Create()
    {
        var command = new Command("add", "Add a global account");
        command.Subcommands.Add(CreateFor(AccountType.Exchange, "exchange", "Add a Microsoft Exchange account (Exchange Web Services)"));
        command.Subcommands.Add(CreateFor(AccountType.Imap, "imap", "Add an IMAP account with its SMTP server"));
        command.Subcommands.Add(CreateFor(AccountType.Pop3, "pop3", "Add a POP3 account with its SMTP server"));
        command.Subcommands.Add(CreateFor(AccountType.Graph, "graph", "Add a Microsoft 365 mailbox read and sent through Microsoft Graph (OAuth 2.0)"));
        return command;
    }

    private static Command CreateFor(AccountType type, string name, string description)
    {
        var flags = new AccountFlags();
        var command = new Command(name, description);
        flags.AddTo(command, type);
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var problems = new List<ValidationProblem>();
            var account = flags.Apply(context, new Account { Name = "", Type = type }, problems);
            AccountsCommand.ThrowIfProblems(problems, account);
            var stored = await context.Get<AccountStore>().AddAsync(account, context.Actor, ct);
            AccountsCommand.WriteWarnings(context, stored);
            await context.Out.WriteLineAsync($"Added {name} account '{stored.Name}'.");
            return ExitCodes.Done;
        });
        return command;
    }
}
