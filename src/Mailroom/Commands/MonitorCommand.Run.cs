using System.CommandLine;
using Mailroom.Core.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;

namespace Mailroom.Commands;

/// <summary><c>mailroom monitor run</c>: handle waiting mail once (<c>--once</c>), or keep the monitors running.</summary>
internal static partial class MonitorCommand
{
    private static Command CreateRun()
    {
        var accountName = new Option<string?>("--account") { Description = "Only this account's monitor (default: every enabled monitor)" };
        var once = new Option<bool>("--once") { Description = "Handle what is waiting, print what was done, and exit" };
        var json = AccountsCommand.JsonOption();
        var command = new Command("run", "Run the monitors in the foreground (mailroom serve also runs them)") { accountName, once, json };
        CommandRunner.SetAction(command, async (context, ct) =>
        {
            var store = context.Get<MonitorStore>();
            var targets = new List<(Account Account, MonitorSettings Monitor)>();
            if (context.GetValue(accountName) is { } name)
            {
                var target = await GetMonitorAsync(context, name, ct);
                if (!target.Monitor.Enabled)
                {
                    context.Warn("account", $"the monitor on {target.Account.Name} is paused; running it because it was named");
                }

                targets.Add(target);
            }
            else
            {
                foreach (var monitor in (await store.ListAsync(ct)).Where(m => m.Enabled))
                {
                    if (await context.Get<IMonitorAccounts>().FindAsync(monitor.AccountId, ct) is { } account)
                    {
                        targets.Add((account, monitor));
                    }
                }
            }

            if (!context.GetValue(once))
            {
                var worker = context.Get<MonitorWorker>();
                worker.OnlyAccountId = targets.Count == 1 && context.GetValue(accountName) is not null ? targets[0].Account.Id : null;
                await context.Out.WriteLineAsync("Monitoring; press Ctrl+C to stop.");
                await worker.StartAsync(ct);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                }

                await worker.StopAsync(CancellationToken.None);
                return ExitCodes.Done;
            }

            var runner = context.Get<MonitorRunner>();
            var results = new List<RunView>();
            var failed = false;
            foreach (var (account, monitor) in targets)
            {
                try
                {
                    var counts = await runner.RunOnceAsync(account, ct);
                    await store.RecordCheckAsync(account.Id, counts, null, ct);
                    results.Add(RunView.Of(account.Name, counts, null));
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    failed = true;
                    var error = MonitorErrors.Describe(ex);
                    await store.RecordCheckAsync(account.Id, MonitorCheckCounts.Zero, error, CancellationToken.None);
                    results.Add(RunView.Of(account.Name, MonitorCheckCounts.Zero, error));
                    await context.Error.WriteLineAsync($"{account.Name}: {error}");
                }
            }

            var total = results.Aggregate(MonitorCheckCounts.Zero, (sum, r) => sum.Add(r.Counts()));
            if (context.GetValue(json))
            {
                context.WriteJson(new
                {
                    total.Fetched,
                    total.FiledExisting,
                    total.NewRecords,
                    total.Skipped,
                    total.NotHandled,
                    total.PostActionsRedone,
                    Accounts = results,
                });
            }
            else
            {
                foreach (var r in results.Where(_ => results.Count > 1))
                {
                    await context.Out.WriteLineAsync($"{r.Account}: {Summary(r.Counts())}{(r.Error is null ? "" : " (failed: " + r.Error + ")")}");
                }

                await context.Out.WriteLineAsync(Summary(total));
            }

            return failed ? ExitCodes.Failed : ExitCodes.Done;
        }, (services, parseResult) =>
        {
            var configuration = CommandConfiguration.Load();
            services.AddMonitorOptions(configuration);
            if (parseResult.GetValue(once) && !parseResult.GetValue(json))
            {
                // On standard error, so that standard output stays the summary scripts read; --json prints nothing more.
                services.AddSingleton<IMonitorProgressSink, MonitorProgressConsole>(provider =>
                    MonitorProgressConsole.For(parseResult.InvocationConfiguration.Error, provider.GetRequiredService<TimeProvider>()));
            }

            if (!parseResult.GetValue(once))
            {
                // Running for good, the monitor's own account of each failure and reconnection is what the operator
                // watches; --once keeps its output to the summary (the same events end in its exit code and stderr).
                services.AddForegroundLogging(configuration);
            }
        });
        return command;
    }

    private static string Summary(MonitorCheckCounts c) =>
        $"fetched {c.Fetched}, filed on existing records {c.FiledExisting}, new records {c.NewRecords}, skipped {c.Skipped}, not handled {c.NotHandled}, post-actions done again {c.PostActionsRedone}";

    private sealed record RunView(string Account, int Fetched, int FiledExisting, int NewRecords, int Skipped, int NotHandled, int PostActionsRedone, string? Error)
    {
        public static RunView Of(string account, MonitorCheckCounts c, string? error) =>
            new(account, c.Fetched, c.FiledExisting, c.NewRecords, c.Skipped, c.NotHandled, c.PostActionsRedone, error);

        public MonitorCheckCounts Counts() => new(Fetched, FiledExisting, NewRecords, Skipped, NotHandled, PostActionsRedone);
    }
}
