using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Mailroom.Web.Monitors;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Monitors;

/// <summary>
/// Every account's E-mail Monitor at a glance: state, last check, totals and last error, and how far a long check
/// (an initial sync) has got; while one runs the page refreshes itself (the list has no form to lose).
/// </summary>
public sealed class MonitorsIndexModel(AccountStore accounts, MonitorStore monitors, MonitorMessageStore messages) : PageModel
{
    public IReadOnlyList<MonitorStatus> Monitors { get; private set; } = [];

    public int NotHandledCount { get; private set; }

    /// <summary>Seconds between refreshes while a check runs.</summary>
    public const int RefreshSeconds = 3;

    /// <summary>The long checks running now, by account id.</summary>
    internal IReadOnlyDictionary<long, MonitorProgress> Running { get; private set; } = new Dictionary<long, MonitorProgress>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Monitors = await MonitorStatus.ListAsync(accounts, monitors, cancellationToken);
        var names = Monitors.ToDictionary(s => s.Account.Id, s => s.Account.Name);
        Running = (await monitors.ListRunningProgressAsync(cancellationToken))
            .Where(p => names.ContainsKey(p.AccountId))
            .ToDictionary(p => p.AccountId, p => MonitorProgressRecorder.FromRow(p, names[p.AccountId]));
        NotHandledCount = (await messages.ListNotHandledAsync(null, 1000, cancellationToken)).Count;
    }
}
