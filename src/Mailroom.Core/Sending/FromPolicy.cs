using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;

namespace Mailroom.Core.Sending;

/// <summary>
/// The account's From settings applied to one message: which From it gets when none is asked for, and whether the
/// one asked for is allowed. A refusal names the rule, so the agent knows what to pick instead.
/// </summary>
public static class FromPolicy
{
    /// <summary>The field refusals are reported under.</summary>
    public const string Field = "from";

    /// <summary>
    /// The From address for a message through <paramref name="account"/>: <paramref name="requested"/> when the
    /// settings allow it; when none is requested, the account's default From, else its first legal address, else the
    /// sending user's own address (where allowed), else the account's sign-in user when that is an address.
    /// </summary>
    /// <param name="account">The account the message goes out through.</param>
    /// <param name="requested">The From the agent asked for, or null for the default.</param>
    /// <param name="userAddress">The sending user's own address; null for the command line and the system.</param>
    /// <exception cref="ValidationException">Field <c>from</c>: the address is malformed, not allowed, or there is none.</exception>
    public static string Resolve(Account account, string? requested, string? userAddress)
    {
        ArgumentNullException.ThrowIfNull(account);
        var settings = account.From;
        if (string.IsNullOrWhiteSpace(requested))
        {
            var fallback = settings.DefaultAddress
                ?? settings.LegalAddresses.FirstOrDefault()
                ?? (settings.AllowUserAddress ? userAddress : null)
                ?? (EmailAddressSyntax.IsValid(account.SmtpCredentials.User) ? account.SmtpCredentials.User : null)
                ?? (EmailAddressSyntax.IsValid(account.Credentials.User) ? account.Credentials.User : null);
            return fallback ?? throw new ValidationException(Field,
                $"account '{account.Name}' has no default From address and none was given; give a From address or set the account's default From.");
        }

        var address = requested.Trim();
        var problems = new List<ValidationProblem>();
        HeaderInput.Check(Field, requested, problems);
        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }

        if (!EmailAddressSyntax.IsValid(address))
        {
            throw new ValidationException(Field, $"'{requested}' is not an e-mail address (want name@domain).");
        }

        if (settings.AllowArbitrary || settings.IsLegal(address)
            || string.Equals(address, settings.DefaultAddress, StringComparison.OrdinalIgnoreCase))
        {
            return address;
        }

        var isOwn = userAddress is not null && string.Equals(address, userAddress.Trim(), StringComparison.OrdinalIgnoreCase);
        if (isOwn && settings.AllowUserAddress)
        {
            return address;
        }

        var legal = settings.LegalAddresses.Count == 0 ? "it has no legal From addresses" : $"its legal From addresses are {string.Join(", ", settings.LegalAddresses)}";
        var own = isOwn
            ? "your own address is not allowed on this account"
            : settings.AllowUserAddress ? "it is not your own address" : "users' own addresses are not allowed";
        throw new ValidationException(Field,
            $"From '{address}' is not allowed by account '{account.Name}': {legal}; {own}; and arbitrary From addresses are not allowed.");
    }
}
