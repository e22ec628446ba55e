using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Mailroom.Pages.Options.Accounts;

/// <summary>Copy: every setting of an account under a new name.</summary>
public sealed class AccountCopyModel(AccountStore accounts) : AccountPageModel
{
    public string SourceName { get; private set; } = "";

    public string NewName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        NewName = "Copy of " + SourceName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string? name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        NewName = name ?? "";
        try
        {
            var copy = await accounts.CopyAsync(SourceName, NewName, User.Identity?.Name ?? "web", cancellationToken);
            TempData["Notice"] = $"Copied {SourceName} to {copy.Name}.";
            return Redirect($"/options/accounts/{copy.Id}/info");
        }
        catch (ValidationException e)
        {
            AddProblems(e.Problems);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            var account = await accounts.GetAsync(id, cancellationToken);
            SourceName = account.Name;
            Id = id;
            return account.Owner is null;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
