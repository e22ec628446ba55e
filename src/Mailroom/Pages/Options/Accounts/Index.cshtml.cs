using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Options.Accounts;

/// <summary>The Accounts page of E-mail Options: every global account, with Add, Edit, Copy and Delete.</summary>
public sealed class AccountsIndexModel(AccountStore accounts) : PageModel
{
    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Accounts = await accounts.ListAsync(cancellationToken);

    /// <summary>The monitor's state, once the monitor engine is part of the installation.</summary>
    public string MonitorState(Account account) => "not set up";
}
