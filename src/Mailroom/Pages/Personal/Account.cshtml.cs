using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Mail;
using Mailroom.Pages.Options.Accounts;
using Mailroom.Web.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Mailroom.Pages.Personal;

/// <summary>
/// The signed-in user's own settings for one account: their credentials where the credentials padlock is open, their
/// server settings where the server padlock is open (stored as their personal version of the global account), or
/// their own standalone account. Passwords are never filled in; a blank one keeps the stored one. Another user's
/// account, or one not available to users, is refused.
/// </summary>
public sealed class PersonalAccountModel(AccountStore accounts) : AccountPageModel
{
    public Account Account { get; private set; } = null!;

    public PersonalAccountVersion? PersonalVersion { get; private set; }

    /// <summary>A standalone account the user owns (both padlocks open), rather than a global one.</summary>
    public bool IsOwnAccount => Account.Owner is not null;

    public bool CredentialsOpen => IsOwnAccount || !Account.Padlocks.CredentialsLocked;

    public bool ServerOpen => IsOwnAccount || !Account.Padlocks.ServerSettingsLocked;

    public IReadOnlyCollection<string> FieldsOnPage =>
    [
        AccountFields.User, AccountFields.Password, AccountFields.ExchangeDomain, AccountFields.Server, AccountFields.UseSsl,
        AccountFields.IncomingServer, AccountFields.IncomingPort, AccountFields.IncomingSecurity, AccountFields.SmtpServer, AccountFields.SmtpPort,
        AccountFields.SmtpSecurity, AccountFields.SmtpUser, AccountFields.SmtpPassword,
    ];

    private string Me => User.Identity?.Name ?? "";

    /// <summary>Whether agents may enter their own settings for a global account: available to them, a padlock open.</summary>
    public static bool MayPersonalise(Account account) =>
        account.Owner is null && account.AvailableToUsers && (!account.Padlocks.CredentialsLocked || !account.Padlocks.ServerSettingsLocked);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        Notice = TempData["Notice"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        var form = Request.Form;
        var problems = new List<ValidationProblem>();
        var stored = Effective();
        var credentials = stored.Credentials;
        if (CredentialsOpen)
        {
            var user = form[AccountFields.User].ToString().Trim();
            var password = form[AccountFields.Password].ToString();
            var keep = IsOwnAccount ? Account.Credentials.Password : PersonalVersion?.Credentials?.Password;
            credentials = new Credentials(user.Length == 0 ? null : user, password.Length > 0 ? new Secret(password) : keep);
        }

        var servers = ServerOpen ? AccountForm.Apply(stored, form, [AccountSection.Server], problems) : stored;
        var changed = stored with
        {
            Credentials = credentials,
            Exchange = servers.Exchange,
            Incoming = servers.Incoming,
            Outgoing = servers.Outgoing,
        };
        problems.AddRange(AccountValidator.Validate(changed).Where(p => FieldsOnPage.Contains(p.Field)));
        if (problems.Count == 0)
        {
            try
            {
                if (IsOwnAccount)
                {
                    await accounts.UpdateAsync(changed with { AllowInvalidCertificate = Account.AllowInvalidCertificate }, Me, cancellationToken);
                }
                else
                {
                    await accounts.SavePersonalVersionAsync(ToVersion(changed), Me, cancellationToken);
                }

                TempData["Notice"] = "Your settings are saved.";
                return RedirectToPage(new { id });
            }
            catch (ValidationException e)
            {
                problems.AddRange(e.Problems);
            }
            catch (ConflictException)
            {
                Notice = "The account changed while you were saving; the page now shows the stored settings: make your change again.";
                ShowFor(Effective());
                return Page();
            }
        }

        ShowFor(changed);
        AddProblems(problems);
        return Page();
    }

    public async Task<IActionResult> OnPostTestAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        var tester = HttpContext.RequestServices.GetService<IAccountTester>();
        if (tester is null)
        {
            Notice = "Test Account is not available: this installation has no mail transports registered.";
            return Page();
        }

        TestReport = await tester.TestAsync(Effective(), Me, cancellationToken);
        return Page();
    }

    /// <summary>Null when the user may work on the account; else the refusal (404 unknown, 403 not theirs to change).</summary>
    private async Task<IActionResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            Account = await accounts.GetAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        if (Account.Owner is { } owner ? !string.Equals(owner, Me, StringComparison.OrdinalIgnoreCase) : !MayPersonalise(Account))
        {
            return Forbid();
        }

        if (!IsOwnAccount)
        {
            PersonalVersion = (await accounts.ListPersonalVersionsAsync(Account.Id, cancellationToken))
                .FirstOrDefault(v => string.Equals(v.UserAddress, Me, StringComparison.OrdinalIgnoreCase));
        }

        ShowFor(Effective());
        return null;
    }

    /// <summary>The account as this user works with it: the global one with their version laid over it.</summary>
    private Account Effective() =>
        IsOwnAccount || PersonalVersion is null
            ? Account
            : PersonalVersion.MergeInto(Account) with { Id = Account.Id, Owner = null, Version = Account.Version, Padlocks = Account.Padlocks };

    private void ShowFor(Account effective)
    {
        Show(effective);
        if (!IsOwnAccount)
        {
            // Only the user's own credentials are theirs to see; the shared ones stay the administrator's.
            Form.User = PersonalVersion?.Credentials?.User ?? "";
            Form.PasswordSet = PersonalVersion?.Credentials?.Password is not null;
            Form.SmtpUser = PersonalVersion?.Outgoing?.Credentials?.User ?? "";
            Form.SmtpPasswordSet = PersonalVersion?.Outgoing?.Credentials?.Password is not null;
        }
    }

    // Only what differs from the global account is stored, so the administrator's later changes still reach the user.
    private PersonalAccountVersion ToVersion(Account changed) => new(
        Account.Id,
        Me,
        CredentialsOpen && !changed.Credentials.IsBlank ? changed.Credentials : null,
        ServerOpen && changed.Exchange != Account.Exchange ? changed.Exchange : null,
        ServerOpen && changed.Incoming != Account.Incoming ? changed.Incoming : null,
        ServerOpen && changed.Outgoing != Account.Outgoing ? changed.Outgoing : null);
}
