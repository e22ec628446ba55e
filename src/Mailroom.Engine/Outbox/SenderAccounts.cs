using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Accounts;
using Mailroom.Data.OAuth;

namespace Mailroom.Engine.Outbox;

/// <summary>
/// Reads the account from the store and lays the sending user's personal version over it, each padlock on its own:
/// an open server-settings padlock sends through the user's own SMTP server (or Exchange server) when they saved one,
/// and an open credentials padlock signs in with the user's own credentials when they saved them. With only the
/// server padlock open, the user's server is used with the account's own credentials (whatever credentials the
/// personal version holds are ignored); with only the credentials padlock open, the account's server with the
/// user's credentials. A user who signed in for themselves with OAuth 2.0 (credentials padlock open) sends with their
/// own token, as themselves.
/// </summary>
internal sealed class SenderAccounts(AccountStore accounts, OAuthTokenStore tokens) : ISenderAccounts
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

        if (senderUser is not null && account.OAuth is not null && !account.Padlocks.CredentialsLocked
            && await tokens.GetStateAsync(account.Id, senderUser, cancellationToken) is { HasRefreshToken: true })
        {
            account = account with { OAuthUser = senderUser, Credentials = account.Credentials with { User = senderUser } };
        }

        var serverOpen = !account.Padlocks.ServerSettingsLocked;
        var credentialsOpen = !account.Padlocks.CredentialsLocked;
        if (senderUser is null || (!serverOpen && !credentialsOpen))
        {
            return account;
        }

        var versions = await accounts.ListPersonalVersionsAsync(accountId, cancellationToken);
        var mine = versions.FirstOrDefault(v => string.Equals(v.UserAddress, senderUser, StringComparison.OrdinalIgnoreCase));
        if (mine is null)
        {
            return account;
        }

        var outgoing = account.Outgoing;
        var exchange = account.Exchange;
        if (serverOpen)
        {
            exchange = mine.Exchange ?? exchange;
            if (mine.Outgoing is { } own)
            {
                // The user's host, port and security; who signs in there is the credentials padlock's to say.
                outgoing = credentialsOpen || account.Outgoing is not { } global
                    ? own
                    : own with { UseIncomingCredentials = global.UseIncomingCredentials, Credentials = global.Credentials };
            }
        }

        var credentials = account.Credentials;
        if (credentialsOpen)
        {
            credentials = mine.Credentials is { IsBlank: false } creds ? creds : credentials;

            // An SMTP server that signs in apart from the incoming one takes the user's SMTP credentials, else the
            // user's incoming ones.
            if (outgoing is { UseIncomingCredentials: false }
                && (mine.Outgoing?.Credentials is { IsBlank: false } smtp ? smtp : mine.Credentials is { IsBlank: false } incoming ? incoming : null) is { } users)
            {
                outgoing = outgoing with { Credentials = users };
            }
        }

        return account with { Credentials = credentials, Outgoing = outgoing, Exchange = exchange };
    }
}
