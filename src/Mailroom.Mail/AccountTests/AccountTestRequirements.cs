using Mailroom.Core.Accounts;
using MimeKit;

namespace Mailroom.Mail.AccountTests;

/// <summary>The fields Test Account needs before it may touch a server, all reported at once.</summary>
internal static class AccountTestRequirements
{
    public static IReadOnlyList<string> Missing(Account account, string? recipient)
    {
        var missing = new List<string>();
        if (account.Type is AccountType.Imap or AccountType.Pop3)
        {
            if (string.IsNullOrWhiteSpace(account.Incoming?.Host))
            {
                missing.Add("incoming server");
            }

            if (string.IsNullOrWhiteSpace(account.Outgoing?.Host))
            {
                missing.Add("SMTP server");
            }
        }

        // Blank credentials are legal on an account (each user enters their own), but a test needs real ones.
        if (string.IsNullOrWhiteSpace(account.Credentials.User))
        {
            missing.Add("user");
        }

        // An account that signs in with OAuth 2.0 has no password: its token step comes after this one.
        if (account.OAuth is null && (account.Credentials.Password is null || account.Credentials.Password.Reveal().Length == 0))
        {
            missing.Add(account.Credentials.Kind == CredentialKind.OAuth2Token ? "access token" : "password");
        }

        if (account.Outgoing is { UseIncomingCredentials: false } outgoing
            && (string.IsNullOrWhiteSpace(outgoing.Credentials?.User) || (account.OAuth is null && outgoing.Credentials?.Password is null)))
        {
            missing.Add("SMTP user and password");
        }

        if (SenderOf(account) is null)
        {
            missing.Add("default From address (or a user that is an e-mail address)");
        }

        if (string.IsNullOrWhiteSpace(recipient) || !MailboxAddress.TryParse(recipient, out _))
        {
            missing.Add("recipient address");
        }

        return missing;
    }

    /// <summary>The account's default From address, else its user when that is an e-mail address.</summary>
    public static MailboxAddress? SenderOf(Account account)
    {
        foreach (var candidate in new[] { account.From.DefaultAddress, account.Credentials.User })
        {
            if (!string.IsNullOrWhiteSpace(candidate) && candidate.Contains('@', StringComparison.Ordinal) && MailboxAddress.TryParse(candidate, out var address))
            {
                return address;
            }
        }

        return null;
    }
}
