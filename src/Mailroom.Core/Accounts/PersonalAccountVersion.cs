namespace Mailroom.Core.Accounts;

/// <summary>
/// A user's personal version of a global account: the sections whose padlock is open, overridden by that user.
/// A null section is not overridden and follows the global account.
/// </summary>
/// <param name="AccountId">The global account this version belongs to.</param>
/// <param name="UserAddress">The user's e-mail address, unique per account without regard to case.</param>
/// <param name="Credentials">The user's own credentials (Exchange user, or the incoming server's).</param>
/// <param name="Exchange">The user's own Exchange server settings.</param>
/// <param name="Incoming">The user's own incoming server.</param>
/// <param name="Outgoing">The user's own SMTP server, with its own credentials if it has them.</param>
public sealed record PersonalAccountVersion(
    long AccountId,
    string UserAddress,
    Credentials? Credentials = null,
    ExchangeServer? Exchange = null,
    IncomingServer? Incoming = null,
    OutgoingServer? Outgoing = null)
{
    /// <summary>The store's key; 0 before it is stored.</summary>
    public long Id { get; init; }

    public bool OverridesServerSettings => Exchange is not null || Incoming is not null || Outgoing is not null;

    /// <summary>
    /// The complete account this user works with: the global settings with this version's sections laid over them.
    /// Used when the global account is deleted and the user keeps their account, so it stands alone, owned by the
    /// user and fully editable (both padlocks open).
    /// </summary>
    public Account MergeInto(Account global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return global with
        {
            Id = 0,
            Version = 0,
            Owner = UserAddress,
            Credentials = Credentials ?? global.Credentials,
            Exchange = Exchange ?? global.Exchange,
            Incoming = Incoming ?? global.Incoming,
            Outgoing = Outgoing ?? global.Outgoing,
            Padlocks = new Padlocks(ServerSettingsLocked: false, CredentialsLocked: false),
        };
    }
}
