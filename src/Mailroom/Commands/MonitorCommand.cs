using System.CommandLine;
using System.Globalization;
using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Engine.Monitor;
using Mailroom.Mail;
using Mailroom.Shapes;

namespace Mailroom.Commands;

/// <summary>
/// <c>mailroom monitor</c>: set up an account's E-mail Monitor, list and show monitors, edit items and skip rules,
/// run the monitors, and work the Not handled list.
/// </summary>
internal static partial class MonitorCommand
{
    // Width of the labels in `monitor show`, so the values line up under the longest ("default customer").
    private const int Label = 18;

    public static Command Create()
    {
        var command = new Command("monitor", "The E-mail Monitor: files incoming mail on records");
        command.Subcommands.Add(CreateSet());
        command.Subcommands.Add(CreateShow());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(MonitorItemsCommand.CreateItems());
        command.Subcommands.Add(MonitorItemsCommand.CreateSkip());
        command.Subcommands.Add(CreateRun());
        command.Subcommands.Add(MonitorNotHandledCommand.Create());
        return command;
    }

    /// <summary>The account named on the line and its monitor; exit 3 when either is missing.</summary>
    internal static async Task<(Account Account, MonitorSettings Monitor)> GetMonitorAsync(CommandContext context, string name, CancellationToken ct)
    {
        var account = await context.Get<AccountStore>().GetAsync(name, ct);
        var monitor = await context.Get<MonitorStore>().FindByAccountAsync(account.Id, ct)
            ?? throw new NotFoundException("monitor on account", account.Name);
        return (account, monitor);
    }

    private static Command CreateSet()
    {
        var name = AccountsCommand.NameArgument();
        var folder = new Option<string?>("--folder") { Description = $"The folder to watch (IMAP and Exchange; default {MonitorSettings.DefaultFolder})" };
        var postAction = new Option<string?>("--post-action") { Description = "After filing: mark-read (default), move:FOLDER or delete (POP3 always deletes)" };
        var interval = new Option<int?>("--interval") { Description = $"Seconds between checks when the server cannot push new mail (default {MonitorSettings.DefaultIntervalSeconds})" };
        var enable = new Option<bool>("--enable") { Description = "Run the monitor (the default for a new monitor)" };
        var pause = new Option<bool>("--pause") { Description = "Stop processing; mail waits on the server" };
        var defaultCustomer = new Option<string?>("--default-customer")
        {
            Description = "An existing customer's e-mail address: that customer stands in when the sender is not a customer (none: no one does, the default)",
        };
        var command = new Command("set", "Create or change an account's monitor (one per account)") { name, folder, postAction, interval, enable, pause, defaultCustomer };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var account = await context.Get<AccountStore>().GetAsync(context.GetValue(name)!, ct);
            var store = context.Get<MonitorStore>();
            var existing = await store.FindByAccountAsync(account.Id, ct);
            var problems = new List<ValidationProblem>();
            var warnings = new List<ValidationProblem>();
            var change = new MonitorSettingsChange(context.GetValue(folder), context.GetValue(postAction), context.GetValue(interval), context.GetValue(enable), context.GetValue(pause),
                context.GetValue(defaultCustomer));
            var settings = await change.ApplyToAsync(account, existing, context.Get<CustomerStore>(), problems, warnings, ct);
            foreach (var warning in warnings)
            {
                context.Warn(warning.Field, warning.Message);
            }

            if (problems.Count > 0)
            {
                throw new ValidationException(problems);
            }

            var saved = await store.SaveAsync(settings, ct);
            await context.Out.WriteLineAsync(
                $"Monitor on {account.Name} {(existing is null ? "created" : "saved")}: {(saved.Enabled ? "enabled" : "paused")}, folder {saved.Folder}, every {saved.IntervalSeconds} s, then {saved.PostAction}; default customer {saved.DefaultCustomerAddress ?? MonitorSettingsChange.NoDefaultCustomer}.");
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateShow()
    {
        var name = AccountsCommand.NameArgument();
        var json = AccountsCommand.JsonOption();
        var command = new Command("show", "Show an account's monitor: settings, status, items and skip rules") { name, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var (account, monitor) = await GetMonitorAsync(context, context.GetValue(name)!, ct);
            var store = context.Get<MonitorStore>();
            var view = MonitorView.Of(account, monitor, await store.ListItemsAsync(monitor.Id, ct), await store.ListSkipRulesAsync(monitor.Id, ct))
                with { SignIn = await Engine.OAuth.SignInStatus.ForAsync(context.Get<Data.OAuth.OAuthTokenStore>(), account, ct) };
            if (context.GetValue(json))
            {
                context.WriteJson(view);
                return ExitCodes.Done;
            }

            var o = context.Out;
            await o.WriteLineAsync($"{"account",-Label}{view.Account} ({view.AccountType})");
            await o.WriteLineAsync($"{"state",-Label}{(view.Enabled ? "enabled" : "paused")}");
            await o.WriteLineAsync($"{"folder",-Label}{view.Folder}");
            await o.WriteLineAsync($"{"interval",-Label}{view.IntervalSeconds} s");
            await o.WriteLineAsync($"{"post-action",-Label}{view.PostAction}");
            await o.WriteLineAsync($"{"default customer",-Label}{view.DefaultCustomer ?? MonitorSettingsChange.NoDefaultCustomer}{(view.DefaultCustomer is null ? "" : " (stands in when the sender is not a customer)")}");
            await o.WriteLineAsync($"{"last check",-Label}{Format(view.LastCheckAt) ?? "never"}");
            if (view.LastError is not null)
            {
                await o.WriteLineAsync($"{"last error",-Label}{view.LastError} ({Format(view.LastErrorAt)})");
            }

            var t = view.Totals;
            await o.WriteLineAsync($"{"totals",-Label}fetched {t.Fetched}, filed on existing records {t.FiledExisting}, new records {t.NewRecords}, skipped {t.Skipped}, not handled {t.NotHandled}");
            await o.WriteLineAsync("items");
            foreach (var item in view.Items)
            {
                var note = item.Name switch
                {
                    "Skip" when item.Fixed => $"(fixed first; {view.SkipRules.Count} skip rule(s))",
                    "Default" when item.Fixed => "(fixed last; opens a new Incident)",
                    _ => $"(id {item.Id})",
                };
                await o.WriteLineAsync($"  {item.Position,2}. {item.Name} {note}");
            }

            return ExitCodes.Done;
        });
        return command;
    }

    private static Command CreateList()
    {
        var json = AccountsCommand.JsonOption();
        var command = new Command("list", "List the monitors with their state and last check") { json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var views = new List<MonitorView>();
            foreach (var monitor in await context.Get<MonitorStore>().ListAsync(ct))
            {
                if (await context.Get<Engine.Monitor.IMonitorAccounts>().FindAsync(monitor.AccountId, ct) is { } account)
                {
                    views.Add(MonitorView.Of(account, monitor, [], []));
                }
            }

            if (context.GetValue(json))
            {
                context.WriteJson(views.Select(v => new { v.Account, v.AccountType, v.Enabled, v.Folder, v.IntervalSeconds, v.PostAction, v.DefaultCustomer, v.LastCheckAt, v.LastError, v.Totals }));
                return ExitCodes.Done;
            }

            if (views.Count == 0)
            {
                await context.Out.WriteLineAsync("No monitors. Set one up with: mailroom monitor set ACCOUNT");
                return ExitCodes.Done;
            }

            foreach (var v in views)
            {
                await context.Out.WriteLineAsync($"{v.Account,-20} {(v.Enabled ? "enabled" : "paused"),-8} {v.Folder,-12} {v.PostAction,-16} last check {Format(v.LastCheckAt) ?? "never"}{(v.DefaultCustomer is null ? "" : "  default customer " + v.DefaultCustomer)}{(v.LastError is null ? "" : "  error: " + v.LastError)}");
            }

            return ExitCodes.Done;
        });
        return command;
    }

    internal static string? Format(DateTimeOffset? time) => time?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
