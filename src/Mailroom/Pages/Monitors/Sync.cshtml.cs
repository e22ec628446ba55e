using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Monitors;

/// <summary>
/// A long check of one account's mailbox as it runs (an initial sync): done and left, megabytes, rate and time left,
/// refreshed every few seconds while it runs. Apart from the monitor's page because that page holds forms a refresh
/// would lose. The counts come from the database, so the check may run in any process or on any node.
/// </summary>
public sealed class MonitorSyncModel(AccountStore accounts, MonitorStore monitors) : PageModel
{
    /// <summary>Seconds between refreshes while the check runs.</summary>
    public const int RefreshSeconds = 2;

    public Account Account { get; private set; } = null!;

    public MonitorSettings Monitor { get; private set; } = null!;

    /// <summary>The check running now; null when none does (it ended, or was too short to be followed).</summary>
    internal MonitorProgress? Progress { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            Account = await accounts.GetAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        if (Account.Owner is not null || await monitors.FindByAccountAsync(Account.Id, cancellationToken) is not { } monitor)
        {
            return NotFound();
        }

        Monitor = monitor;
        Progress = await monitors.FindRunningProgressAsync(Account.Id, cancellationToken) is { } running
            ? MonitorProgressRecorder.FromRow(running, Account.Name)
            : null;
        return Page();
    }
}
