using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.Settings;
using Mailroom.Mail;
using Mailroom.Web.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Mailroom.Pages.Options.Accounts;

/// <summary>An account's tabs. Each tab saves only its own fields, based on the version it was read with.</summary>
public sealed class AccountEditModel(AccountStore accounts, SettingsStore settings) : AccountPageModel
{
    private static readonly Dictionary<string, AccountSection> Sections = new(StringComparer.Ordinal)
    {
        ["info"] = AccountSection.Info,
        ["server"] = AccountSection.Server,
        ["conversation"] = AccountSection.Conversation,
        ["from"] = AccountSection.From,
        ["history"] = AccountSection.History,
    };

    [BindProperty(SupportsGet = true)]
    public string Tab { get; set; } = "info";

    /// <summary>The fields with an input on this tab; problems of other fields are listed above the form.</summary>
    public IReadOnlyCollection<string> FieldsOnPage => Sections[Tab] switch
    {
        AccountSection.Info => [AccountFields.Name, AccountFields.AvailableToUsers, AccountFields.ServerSettingsLock, AccountFields.CredentialsLock, AccountFields.User, AccountFields.Password, .. SignInFields],
        AccountSection.Server when Type == AccountType.Graph => [AccountFields.Mailbox, AccountFields.GraphUrl, AccountFields.AllowInvalidCertificate],
        AccountSection.Server when Type == AccountType.Exchange => [AccountFields.ExchangeDomain, AccountFields.Server, AccountFields.UseSsl, AccountFields.AllowInvalidCertificate],
        AccountSection.Server => [AccountFields.IncomingServer, AccountFields.IncomingPort, AccountFields.IncomingSecurity, AccountFields.SmtpServer, AccountFields.SmtpPort, AccountFields.SmtpSecurity, AccountFields.SmtpUser, AccountFields.SmtpPassword, AccountFields.AllowInvalidCertificate],
        AccountSection.Conversation => [AccountFields.ConversationId],
        AccountSection.From => [AccountFields.FromAllowUserAddress, AccountFields.FromAllowArbitrary, AccountFields.DefaultFrom, AccountFields.FromAddress],
        _ => ["history"],
    };

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var account = await LoadAsync(id, cancellationToken);
        if (account is null)
        {
            return NotFound();
        }

        Notice = TempData["Notice"] as string;
        Show(account);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(long id, long version, CancellationToken cancellationToken) =>
        ChangeAsync(id, version, account =>
        {
            var problems = new List<ValidationProblem>();
            var changed = AccountForm.Apply(account, Request.Form, [Sections[Tab]], problems);
            return (changed, problems);
        }, "Saved.", cancellationToken);

    public Task<IActionResult> OnPostAddFromAsync(long id, long version, CancellationToken cancellationToken)
    {
        var address = Request.Form[AccountFields.FromAddress].ToString().Trim();
        return ChangeAsync(id, version, account =>
        {
            var problems = new List<ValidationProblem>();
            if (address.Length == 0)
            {
                problems.Add(new ValidationProblem(AccountFields.FromAddress, "is required: the address to add"));
            }

            return (account with { From = account.From with { LegalAddresses = [.. account.From.LegalAddresses, address] } }, problems);
        }, $"Added {address}.", cancellationToken);
    }

    public Task<IActionResult> OnPostRemoveFromAsync(long id, long version, string address, CancellationToken cancellationToken) =>
        ChangeAsync(id, version, account =>
        {
            var remaining = account.From.LegalAddresses.Where(a => !string.Equals(a, address, StringComparison.OrdinalIgnoreCase)).ToList();
            var isDefault = string.Equals(account.From.DefaultAddress, address, StringComparison.OrdinalIgnoreCase);
            return (account with { From = account.From with { LegalAddresses = remaining, DefaultAddress = isDefault ? null : account.From.DefaultAddress } }, []);
        }, $"Removed {address}.", cancellationToken);

    public async Task<IActionResult> OnPostTestAsync(long id, CancellationToken cancellationToken)
    {
        var account = await LoadAsync(id, cancellationToken);
        if (account is null)
        {
            return NotFound();
        }

        Show(account);
        var tester = HttpContext.RequestServices.GetService<IAccountTester>();
        if (tester is null)
        {
            Notice = "Test Account is not available: this installation has no mail transports registered.";
            return Page();
        }

        TestReport = await tester.TestAsync(account, User.Identity?.Name ?? "", cancellationToken);
        return Page();
    }

    private async Task<IActionResult> ChangeAsync(long id, long version, Func<Account, (Account Changed, List<ValidationProblem> Problems)> change, string done, CancellationToken cancellationToken)
    {
        var stored = await LoadAsync(id, cancellationToken);
        if (stored is null)
        {
            return NotFound();
        }

        var (changed, problems) = change(stored with { Version = version });
        if (problems.Count == 0)
        {
            try
            {
                await accounts.UpdateAsync(changed, User.Identity?.Name ?? "web", cancellationToken);
                TempData["Notice"] = done;
                return RedirectToPage(new { id, tab = Tab });
            }
            catch (ValidationException e)
            {
                problems.AddRange(e.Problems);
            }
            catch (ConflictException)
            {
                Show(stored);
                Notice = "Someone changed this account since you opened it. The page now shows the stored settings: make your change again.";
                return Page();
            }
        }

        Show(changed);
        Version = version;
        AddProblems(problems);
        return Page();
    }

    private async Task<Account?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        ViewData["Prefix"] = (await settings.GetAsync(cancellationToken)).ConversationPrefix;
        try
        {
            var account = await accounts.GetAsync(id, cancellationToken);
            return account.Owner is null ? account : null;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
