using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;

namespace Mailroom.Outbox;

/// <summary>
/// Reads the account from the store and, when the credentials padlock is open and the sending user saved their
/// own credentials in a personal version, signs in with those instead (and with the user's own SMTP server when
/// the server-settings padlock is open too).
/// </summary>
internal sealed class SenderAccounts(AccountStore accounts) : ISenderAccounts
{
    public async Task<Account?> GetAsync(long accountId, string? senderUser, CancellationToken cancellationToken)
    {
        Account account;
        try
        {
            account = await accounts.GetAsync(accountId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }

        if (senderUser is null || account.Padlocks.CredentialsLocked)
        {
            return account;
        }

        var versions = await accounts.ListPersonalVersionsAsync(accountId, cancellationToken);
        var mine = versions.FirstOrDefault(v => string.Equals(v.UserAddress, senderUser, StringComparison.OrdinalIgnoreCase));
        if (mine is null)
        {
            return account;
        }

        var outgoing = !account.Padlocks.ServerSettingsLocked && mine.Outgoing is not null ? mine.Outgoing : account.Outgoing;
        if (mine.Credentials is { IsBlank: false } own && outgoing is { UseIncomingCredentials: false })
        {
            outgoing = outgoing with { Credentials = own };
        }

        return account with
        {
            Credentials = mine.Credentials is { IsBlank: false } creds ? creds : account.Credentials,
            Outgoing = outgoing,
        };
    }
}
