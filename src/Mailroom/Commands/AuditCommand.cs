using System.CommandLine;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Audit;
using Mailroom.Shapes;

namespace Mailroom.Commands;

/// <summary>
/// <c>mailroom audit list</c>: who changed which account or setting, and when. The log holds field names only, so
/// nothing this prints can reveal a password.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "The audit log of changes to accounts and settings (field names, never values)");
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Command CreateList()
    {
        var account = new Option<string>("--account") { Description = "Only entries of this account (any case; deleted accounts too)", HelpName = "NAME" };
        var since = new Option<string>("--since") { Description = "Only entries at or after this ISO 8601 date or time (UTC unless an offset is given)", HelpName = "WHEN" };
        var limit = new Option<string>("--limit") { Description = $"At most this many entries, newest first (default {AuditFilters.DefaultLimit}, at most {AuditFilters.MaxLimit})", HelpName = "N" };
        var json = AccountsCommand.JsonOption();
        var command = new Command("list", "List audit entries, newest first") { account, since, limit, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var problems = new List<ValidationProblem>();
            var (sinceValue, limitValue) = AuditFilters.Parse(context.GetValue(since), context.GetValue(limit), problems);
            if (problems.Count > 0)
            {
                throw new ValidationException(problems);
            }

            var audit = context.Get<AuditLog>();
            var ids = context.GetValue(account) is { } name
                ? await AuditFilters.AccountIdsAsync(context.Get<AccountStore>(), audit, name, ct)
                : null;
            var entries = await audit.ListAsync(new AuditQuery(ids, sinceValue, limitValue), ct);
            if (context.GetValue(json))
            {
                context.WriteJson(entries.Select(AuditEntryView.From));
                return ExitCodes.Done;
            }

            if (entries.Count == 0)
            {
                await context.Out.WriteLineAsync("No audit entries.");
                return ExitCodes.Done;
            }

            var views = entries.Select(AuditEntryView.From).ToList();
            var actorWidth = Math.Max(5, views.Max(v => v.Actor.Length));
            var actionWidth = Math.Max(6, views.Max(v => v.Action.Length));
            var accountWidth = Math.Max(7, views.Max(v => (v.Account ?? "-").Length));
            await context.Out.WriteLineAsync($"{"TIME",-20}  {"ACTOR".PadRight(actorWidth)}  {"ACTION".PadRight(actionWidth)}  {"ACCOUNT".PadRight(accountWidth)}  FIELDS");
            foreach (var v in views)
            {
                await context.Out.WriteLineAsync(
                    $"{v.Time,-20}  {v.Actor.PadRight(actorWidth)}  {v.Action.PadRight(actionWidth)}  {(v.Account ?? "-").PadRight(accountWidth)}  {(v.Fields.Count == 0 ? "-" : string.Join(", ", v.Fields))}");
            }

            return ExitCodes.Done;
        });
        return command;
    }
}
