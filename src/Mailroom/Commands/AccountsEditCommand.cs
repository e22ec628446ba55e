using System.CommandLine;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;

namespace Mailroom.Commands;

/// <summary><c>mailroom accounts edit NAME …</c>: changes only the fields whose flags are given.</summary>
internal static class AccountsEditCommand
{
    public static Command Create()
    {
        var flags = new AccountFlags();
        var name = AccountsCommand.NameArgument();
        var command = new Command("edit", "Change an account: only the flags given change anything") { name };
        flags.AddTo(command, type: null);
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var store = context.Get<AccountStore>();
            var before = await store.GetAsync(context.GetValue(name)!, ct);
            var problems = new List<ValidationProblem>();
            var account = flags.Apply(context, before, problems);
            AccountsCommand.ThrowIfProblems(problems, account);

            // The update is based on the version just read: a change made in between (web page, another node) makes it
            // a conflict instead of being silently overwritten.
            var stored = await store.UpdateAsync(account, context.Actor, ct);
            AccountsCommand.WriteWarnings(context, stored);
            await context.Out.WriteLineAsync($"Changed '{stored.Name}': {string.Join(", ", AccountDiff.ChangedFields(before, stored).DefaultIfEmpty("nothing"))}.");
            return ExitCodes.Done;
        });
        return command;
    }
}
