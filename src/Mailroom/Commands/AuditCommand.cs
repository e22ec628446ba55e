using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Audit;

namespace Mailroom.Commands;

/// <summary>
/// <c>mailroom audit list</c>: who changed which account or setting, and when. The log holds field names only, so
/// nothing this prints can reveal a password.
/// </summary>
internal static partial class AuditCommand
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    public static Command Create()
    {
        var command = new Command("audit", "The audit log of changes to accounts and settings (field names, never values)");
        command.Subcommands.Add(CreateList());
        return command;
    }

    /// <summary>
    /// Reads <c>--since</c> and <c>--limit</c> as typed; each bad one becomes a problem naming its option. Shared with
    /// the API so both refuse the same input the same way.
    /// </summary>
    public static (DateTimeOffset? Since, int Limit) ParseFilters(string? since, string? limit, List<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        DateTimeOffset? sinceValue = null;
        if (since is not null)
        {
            // ISO 8601 only (a date, or a date and time; no offset means UTC): 05/06/2026 would be read differently
            // by different people.
            if (IsoDate().IsMatch(since.Trim())
                && DateTimeOffset.TryParse(since.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                sinceValue = parsed;
            }
            else
            {
                problems.Add(new("since", $"'{since}' is not an ISO 8601 date or time, e.g. 2026-11-27 or 2026-11-27T19:30:00Z"));
            }
        }

        var limitValue = DefaultLimit;
        if (limit is not null)
        {
            if (int.TryParse(limit.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= MaxLimit)
            {
                limitValue = parsed;
            }
            else
            {
                problems.Add(new("limit", $"must be a whole number from 1 to {MaxLimit}, not '{limit}'"));
            }
        }

        return (sinceValue, limitValue);
    }

    /// <summary>
    /// The account ids whose entries <c>--account NAME</c> means: the global account of that name now, and any account
    /// that was written to the log under that name (deleted or renamed since).
    /// </summary>
    /// <exception cref="NotFoundException">Neither an account nor any entry has that name.</exception>
    public static async Task<IReadOnlyCollection<long>> AccountIdsAsync(AccountStore accounts, AuditLog audit, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(audit);
        var ids = new HashSet<long>(await audit.AccountIdsNamedAsync(name, cancellationToken));
        if (await accounts.FindAsync(name, cancellationToken) is { } current)
        {
            ids.Add(current.Id);
        }

        return ids.Count > 0 ? ids : throw new NotFoundException("account", name);
    }

    private static Command CreateList()
    {
        var account = new Option<string>("--account") { Description = "Only entries of this account (any case; deleted accounts too)", HelpName = "NAME" };
        var since = new Option<string>("--since") { Description = "Only entries at or after this ISO 8601 date or time (UTC unless an offset is given)", HelpName = "WHEN" };
        var limit = new Option<string>("--limit") { Description = $"At most this many entries, newest first (default {DefaultLimit}, at most {MaxLimit})", HelpName = "N" };
        var json = AccountsCommand.JsonOption();
        var command = new Command("list", "List audit entries, newest first") { account, since, limit, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var problems = new List<ValidationProblem>();
            var (sinceValue, limitValue) = ParseFilters(context.GetValue(since), context.GetValue(limit), problems);
            if (problems.Count > 0)
            {
                throw new ValidationException(problems);
            }

            var audit = context.Get<AuditLog>();
            var ids = context.GetValue(account) is { } name
                ? await AccountIdsAsync(context.Get<AccountStore>(), audit, name, ct)
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

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();
}
