using Mailroom.Core.Accounts;
using Mailroom.Data.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Personal;

/// <summary>
/// The accounts whose padlocks let the signed-in user enter their own credentials or server settings, and the user's
/// own standalone accounts. Server names of locked sections are not shown: they are the administrator's business.
/// </summary>
public sealed class PersonalIndexModel(AccountStore accounts) : PageModel
{
    public IReadOnlyList<(Account Account, bool HasOwnSettings)> Shared { get; private set; } = [];

    public IReadOnlyList<Account> Own { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var me = User.Identity?.Name ?? "";
        var shared = new List<(Account, bool)>();
        foreach (var account in await accounts.ListAsync(cancellationToken))
        {
            if (PersonalAccountModel.MayPersonalise(account))
            {
                var versions = await accounts.ListPersonalVersionsAsync(account.Id, cancellationToken);
                shared.Add((account, versions.Any(v => string.Equals(v.UserAddress, me, StringComparison.OrdinalIgnoreCase))));
            }
        }

        Shared = shared;
        Own = me.Length == 0 ? [] : await accounts.ListPersonalAccountsAsync(me, cancellationToken);
    }
}
