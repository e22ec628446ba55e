using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Web.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Mailroom.Pages.Options.Accounts;

/// <summary>Add Exchange, IMAP, POP3 or Microsoft 365 (Graph): the Account Information and server fields of the type, then the tabs.</summary>
public sealed class AccountAddModel(AccountStore accounts) : AccountPageModel
{
    public void OnGet(string type)
    {
        Type = Parse(type);

        // The sign-in defaults depend on the type: a Graph account starts app-only (client credentials).
        Form.SignIn = SignInForm.From(new Account { Name = "", Type = Type });
    }

    public async Task<IActionResult> OnPostAsync(string type, CancellationToken cancellationToken)
    {
        Type = Parse(type);
        var problems = new List<ValidationProblem>();
        var account = AccountForm.Apply(new Account { Name = "", Type = Type }, Request.Form, [AccountSection.Info, AccountSection.Server], problems);
        if (problems.Count == 0)
        {
            try
            {
                var added = await accounts.AddAsync(account, User.Identity?.Name ?? "web", cancellationToken);
                TempData["Notice"] = $"Added {added.Name}. Set its Conversation ID, From Settings and History here, and run Test Account.";
                return Redirect($"/options/accounts/{added.Id}/info");
            }
            catch (ValidationException e)
            {
                problems.AddRange(e.Problems);
            }
        }

        Show(account);
        AddProblems(problems);
        return Page();
    }

    private static AccountType Parse(string type) => Enum.Parse<AccountType>(type, ignoreCase: true);
}
