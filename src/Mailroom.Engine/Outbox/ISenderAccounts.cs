using Mailroom.Core.Accounts;

namespace Mailroom.Engine.Outbox;

/// <summary>The account a message is sent with: the stored one, with the sending user's own credentials where allowed.</summary>
internal interface ISenderAccounts
{
    /// <summary>The account with id <paramref name="accountId"/> as <paramref name="senderUser"/> sends with it; null when it no longer exists.</summary>
    Task<Account?> GetAsync(long accountId, string? senderUser, CancellationToken cancellationToken);
}
