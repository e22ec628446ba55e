using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Web.Monitors;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Monitors;

/// <summary>Every account's E-mail Monitor at a glance: state, last check, totals and last error.</summary>
public sealed class MonitorsIndexModel(AccountStore accounts, MonitorStore monitors, MonitorMessageStore messages) : PageModel
{
    public IReadOnlyList<MonitorStatus> Monitors { get; private set; } = [];

    public int NotHandledCount { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Monitors = await MonitorStatus.ListAsync(accounts, monitors, cancellationToken);
        NotHandledCount = (await messages.ListNotHandledAsync(null, 1000, cancellationToken)).Count;
    }
}
