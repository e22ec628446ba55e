using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mailroom.Pages.Options.Accounts;

/// <summary>Delete, asking what becomes of users' personal versions. Only a POST deletes.</summary>
public sealed class AccountDeleteModel(AccountStore accounts) : PageModel
{
    public string Name { get; private set; } = "";

    public int PersonalVersions { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            var account = await accounts.GetAsync(id, cancellationToken);
            if (account.Owner is not null)
            {
                return NotFound();
            }

            Name = account.Name;
            PersonalVersions = (await accounts.ListPersonalVersionsAsync(id, cancellationToken)).Count;
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostAsync(long id, [FromForm(Name = "keep-user-accounts")] bool keepUserAccounts, CancellationToken cancellationToken)
    {
        try
        {
            var account = await accounts.GetAsync(id, cancellationToken);
            if (account.Owner is not null)
            {
                return NotFound();
            }

            var kept = await accounts.DeleteAsync(account.Name, keepUserAccounts, User.Identity?.Name ?? "web", cancellationToken);
            TempData["Notice"] = keepUserAccounts
                ? $"Deleted {account.Name}; {kept} user account(s) kept as their users' own."
                : $"Deleted {account.Name} and its users' customizations.";
            return Redirect("/options/accounts");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
