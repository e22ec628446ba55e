using System.CommandLine;
using Mailroom.Commands;

// The table of contents of the mailroom command: each group lives in Commands/<Group>Command.cs.
return await MailroomRootCommand.InvokeAsync(Program.CreateRootCommand(), args);

internal partial class Program
{
    /// <summary>Every command group, one line each; tests build the same tree.</summary>
    internal static RootCommand CreateRootCommand()
    {
        var root = MailroomRootCommand.Create();
        var accounts = AccountsCommand.Create();
        accounts.Subcommands.Add(AccountsTestCommand.Create());
        accounts.Subcommands.Add(AccountsSignInCommand.Create());
        root.Subcommands.Add(accounts);
        root.Subcommands.Add(SettingsCommand.Create());
        root.Subcommands.Add(ServeCommand.Create(GlobalOptions.ToDatabaseOptions));
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(TokensCommand.Create());
        root.Subcommands.Add(MonitorCommand.Create());
        root.Subcommands.Add(RecordsCommand.Create());
        root.Subcommands.Add(SendCommand.Create());
        root.Subcommands.Add(OutboxCommand.Create());
        root.Subcommands.Add(NodesCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());

        // Other groups add their command here, one line each: records, send, outbox, monitor, nodes;
        // and subcommands of accounts as accounts.Subcommands.Add(AccountsTestCommand.Create()).
        return root;
    }
}
