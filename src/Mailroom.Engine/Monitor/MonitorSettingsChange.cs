using Mailroom.Core.Accounts;
using Mailroom.Core.Sending;
using Mailroom.Core.Validation;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Mail;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// A change to an account's monitor settings as <c>mailroom monitor set</c>, the Monitors page and
/// <c>PUT /api/monitors/{account}</c> give it: null leaves a setting as it is. One set of rules for all three.
/// </summary>
/// <param name="DefaultCustomer">
/// The address of an existing customer to stand in for senders who are not customers, <see cref="NoDefaultCustomer"/>
/// to have no one stand in, or null to leave it as it is.
/// </param>
internal sealed record MonitorSettingsChange(string? Folder, string? PostAction, int? IntervalSeconds, bool Enable, bool Pause, string? DefaultCustomer = null)
{
    public const string FolderField = "folder";
    public const string PostActionField = "post-action";
    public const string IntervalField = "interval";
    public const string EnableField = "enable";
    public const string DefaultCustomerField = "default-customer";

    /// <summary>The word that clears the default customer.</summary>
    public const string NoDefaultCustomer = "none";

    /// <summary>
    /// As <see cref="ApplyTo"/>, with the default customer looked up by address in <paramref name="customers"/>: it
    /// must be an existing customer (a monitor setting never creates one).
    /// </summary>
    public async Task<MonitorSettings> ApplyToAsync(Account account, MonitorSettings? existing, CustomerStore customers, List<ValidationProblem> problems,
        List<ValidationProblem> warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var settings = ApplyTo(account, existing, problems, warnings);
        if (DefaultCustomer is not { } given)
        {
            return settings;
        }

        var address = given.Trim();
        if (address.Equals(NoDefaultCustomer, StringComparison.OrdinalIgnoreCase))
        {
            settings.DefaultCustomerId = null;
            settings.DefaultCustomerAddress = null;
        }
        else if (!EmailAddressSyntax.IsValid(address))
        {
            problems.Add(new(DefaultCustomerField, $"'{given}' is not an e-mail address (want name@domain, or {NoDefaultCustomer} for no default customer)"));
        }
        else if (await customers.FindByAddressAsync(address, cancellationToken) is { } customer)
        {
            settings.DefaultCustomerId = customer.Id;
            settings.DefaultCustomerAddress = customer.Address;
        }
        else
        {
            problems.Add(new(DefaultCustomerField, $"no customer with the address {address}"));
        }

        return settings;
    }

    /// <summary>
    /// The settings with this change laid over <paramref name="existing"/> (or a new, enabled monitor). Every problem is
    /// added to <paramref name="problems"/> (nothing is stored here); notes the user should see go to <paramref name="warnings"/>.
    /// </summary>
    public MonitorSettings ApplyTo(Account account, MonitorSettings? existing, List<ValidationProblem> problems, List<ValidationProblem> warnings)
    {
        ArgumentNullException.ThrowIfNull(account);
        var settings = existing is null
            ? new MonitorSettings
            {
                AccountId = account.Id,
                Enabled = true,
                IntervalSeconds = account.Type == AccountType.Graph ? MonitorSettings.DefaultGraphIntervalSeconds : MonitorSettings.DefaultIntervalSeconds,
            }
            : new MonitorSettings
            {
                Id = existing.Id, AccountId = existing.AccountId, Folder = existing.Folder, IntervalSeconds = existing.IntervalSeconds,
                Enabled = existing.Enabled, PostAction = existing.PostAction, DefaultItem = existing.DefaultItem,
                DefaultCustomerId = existing.DefaultCustomerId, DefaultCustomerAddress = existing.DefaultCustomerAddress,
            };

        if (Folder is { } f)
        {
            if (string.IsNullOrWhiteSpace(f) || f.Length > 250 || f.Any(char.IsControl))
            {
                problems.Add(new(FolderField, "give a folder name of 1-250 characters without line breaks, e.g. Inbox"));
            }
            else if (account.Type == AccountType.Pop3 && !f.Trim().Equals("Inbox", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new(FolderField, "a POP3 account has only the Inbox"));
            }
            else
            {
                settings.Folder = f.Trim();
            }
        }

        if (PostAction is { } p)
        {
            if (!Mail.PostAction.TryParse(p, out var parsed) || (parsed is Mail.PostAction.MoveAction move && (string.IsNullOrWhiteSpace(move.Folder) || move.Folder.Any(char.IsControl))))
            {
                problems.Add(new(PostActionField, $"'{p}' is not one of mark-read, delete, move:FOLDER"));
            }
            else if (account.Type == AccountType.Pop3 && parsed != Mail.PostAction.Delete)
            {
                warnings.Add(new(PostActionField, "POP3 has no read flags or folders, so messages are always deleted once filed"));
                settings.PostAction = Mail.PostAction.Delete.ToString();
            }
            else
            {
                settings.PostAction = parsed.ToString();
            }
        }
        else if (account.Type == AccountType.Pop3)
        {
            settings.PostAction = Mail.PostAction.Delete.ToString();
        }

        if (IntervalSeconds is { } seconds)
        {
            if (seconds is < 1 or > 86_400)
            {
                problems.Add(new(IntervalField, "give a number of seconds from 1 to 86400"));
            }
            else
            {
                settings.IntervalSeconds = seconds;
            }
        }

        if (Enable && Pause)
        {
            problems.Add(new(EnableField, "give either enable or pause, not both"));
        }
        else if (Enable)
        {
            settings.Enabled = true;
        }
        else if (Pause)
        {
            settings.Enabled = false;
        }

        return settings;
    }
}
