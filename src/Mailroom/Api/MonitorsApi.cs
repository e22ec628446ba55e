using System.Globalization;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Data.OAuth;
using Mailroom.Data.Records;
using Mailroom.Engine.Monitor;
using Mailroom.Engine.OAuth;
using Mailroom.Shapes;
using Mailroom.Web.Monitors;

namespace Mailroom.Api;

/// <summary>
/// <c>/api/monitors</c> (status and settings per account) and <c>/api/monitor/not-handled</c> (the Not handled list
/// and Retry), through the same stores and rules as <c>mailroom monitor set</c> and <c>monitor not-handled</c>.
/// </summary>
internal static class MonitorsApi
{
    public static RouteGroupBuilder MapMonitorsApi(this RouteGroupBuilder api)
    {
        var monitors = api.MapGroup("/monitors").WithTags("Monitors");

        monitors.MapGet("/", async (AccountStore accounts, MonitorStore store, OAuthTokenStore tokens, CancellationToken ct) =>
        {
            var states = await tokens.ListStatesAsync(ct);
            var running = (await store.ListRunningProgressAsync(ct)).ToDictionary(p => p.AccountId);
            return TypedResults.Ok((await MonitorStatus.ListAsync(accounts, store, ct)).Select(s => MonitorStatusView.From(s) with
            {
                SignIn = SignInStatus.Of(s.Account, states.FirstOrDefault(t => t.AccountId == s.Account.Id && t.UserAddress.Length == 0)),
                Progress = running.TryGetValue(s.Account.Id, out var row) ? MonitorProgressView.Of(MonitorProgressRecorder.FromRow(row, s.Account.Name)) : null,
            }));
        })
            .WithSummary("Every global account with its monitor's state (enabled, paused or none), last check, totals, last error and the progress of a long check running now");

        monitors.MapGet("/{account}", (string account, AccountStore accounts, MonitorStore store, OAuthTokenStore tokens, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var a = await accounts.GetAsync(account, ct);
            var m = await store.FindByAccountAsync(a.Id, ct) ?? throw new NotFoundException("monitor on account", a.Name);
            var running = await store.FindRunningProgressAsync(a.Id, ct);
            return TypedResults.Ok(MonitorView.Of(a, m, await store.ListItemsAsync(m.Id, ct), await store.ListSkipRulesAsync(m.Id, ct)) with
            {
                SignIn = await SignInStatus.ForAsync(tokens, a, ct),
                Progress = running is null ? null : MonitorProgressView.Of(MonitorProgressRecorder.FromRow(running, a.Name)),
            });
        })).WithSummary("One account's monitor as monitor show --json prints it: settings, status, items and skip rules, and the progress of a long check running now");

        monitors.MapPut("/{account}", (string account, MonitorSettingsInput input, AccountStore accounts, MonitorStore store, CustomerStore customers, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var a = await accounts.GetAsync(account, ct);
            var existing = await store.FindByAccountAsync(a.Id, ct);
            var problems = new List<ValidationProblem>();
            var warnings = new List<ValidationProblem>();
            var settings = await new MonitorSettingsChange(input.Folder, input.PostAction, input.Interval, input.Enabled == true, input.Enabled == false, input.DefaultCustomer)
                .ApplyToAsync(a, existing, customers, problems, warnings, ct);
            if (problems.Count > 0)
            {
                return ApiResults.Invalid(problems);
            }

            var saved = await store.SaveAsync(settings, ct);
            var view = MonitorStatusView.From(new MonitorStatus(a, saved));
            return existing is null
                ? TypedResults.Created($"/api/monitors/{Uri.EscapeDataString(a.Name)}", new { monitor = view, warnings })
                : TypedResults.Ok(new { monitor = view, warnings });
        })).WithSummary("Create or change an account's monitor settings (only the fields given change)");

        var notHandled = api.MapGroup("/monitor/not-handled").WithTags("Monitors");

        notHandled.MapGet("/", (string? account, AccountStore accounts, MonitorMessageStore messages, CancellationToken ct) => ApiResults.GuardAsync(async () =>
        {
            var names = (await accounts.ListAsync(ct)).ToDictionary(a => a.Id, a => a.Name);
            long? accountId = account is null ? null : (await accounts.GetAsync(account, ct)).Id;
            var rows = await messages.ListNotHandledAsync(accountId, 1000, ct);
            return TypedResults.Ok(rows.Select(r => NotHandledView.Of(r, names.GetValueOrDefault(r.AccountId) ?? r.AccountId.ToString(CultureInfo.InvariantCulture))));
        })).WithSummary("Mail the monitor could not handle, newest first, with the reason (optionally one account's)");

        notHandled.MapPost("/{id:long}/retry", async Task<IResult> (long id, MonitorMessageStore messages, CancellationToken ct) =>
            await messages.RetryAsync(id, ct)
                ? TypedResults.Ok(new { id, retried = true, detail = "The message will be filed again on the monitor's next check." })
                : ApiResults.NotFound($"No message with the id {id} waits in the Not handled list."))
            .WithSummary("File a not-handled message again on the next check (after fixing the cause)");

        return api;
    }
}
