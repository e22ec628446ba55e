using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Web.Monitors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Options.Accounts;

/// <summary>The Accounts page of E-mail Options: every global account, with Add, Edit, Copy and Delete.</summary>
public sealed class AccountsIndexModel(AccountStore accounts, MonitorStore monitors) : PageModel
{
    private IReadOnlyDictionary<long, MonitorStatus> _monitors = new Dictionary<long, MonitorStatus>();

    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var statuses = await MonitorStatus.ListAsync(accounts, monitors, cancellationToken);
        Accounts = statuses.Select(s => s.Account).ToList();
        _monitors = statuses.ToDictionary(s => s.Account.Id);
    }

    /// <summary>The account's monitor: enabled, paused or none, with the last check's error if it failed.</summary>
    public MonitorStatus MonitorOf(Account account) =>
        _monitors.TryGetValue(account.Id, out var status) ? status : new MonitorStatus(account, null);
}
