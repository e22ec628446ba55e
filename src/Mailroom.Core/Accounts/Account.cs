namespace Mailroom.Core.Accounts;

/// <summary>
/// A global e-mail account as an administrator defines it. Exchange accounts use <see cref="Exchange"/>; IMAP and
/// POP3 accounts use <see cref="Incoming"/> and <see cref="Outgoing"/>. <see cref="Credentials"/> are the Exchange
/// user, or the incoming server's user.
/// </summary>
public sealed record Account
{
    /// <summary>The store's key; 0 for an account not yet stored.</summary>
    public long Id { get; init; }

    /// <summary>
    /// Null for a global account. For a standalone personal account (what a user's personal version becomes when its
    /// global account is deleted with "keep user accounts") the owning user's e-mail address.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>Unique without regard to case, 1-100 characters.</summary>
    public required string Name { get; init; }

    public required AccountType Type { get; init; }

    /// <summary>Agents may send from it; off for an account only the monitor uses.</summary>
    public bool AvailableToUsers { get; init; }

    public ExchangeServer? Exchange { get; init; }

    public IncomingServer? Incoming { get; init; }

    public OutgoingServer? Outgoing { get; init; }

    public Credentials Credentials { get; init; } = Credentials.Empty;

    /// <summary>
    /// Null: the account signs in with <see cref="Credentials"/>' password. Set: it signs in with OAuth 2.0 tokens from
    /// this provider (<see cref="Credentials"/>' user is still the mailbox user named in XOAUTH2/OAUTHBEARER). A
    /// Graph account always has it.
    /// </summary>
    public OAuthSettings? OAuth { get; init; }

    /// <summary>
    /// Null: OAuth 2.0 tokens are the account's own sign-in. A user's address: that user signed in for themselves
    /// (credentials padlock open) and the transports ask for their token. Not stored with the account: set where a
    /// user's personal version is laid over it.
    /// </summary>
    public string? OAuthUser { get; init; }

    /// <summary>The mailbox of a <see cref="AccountType.Graph"/> account.</summary>
    public GraphMailboxSettings? Graph { get; init; }

    /// <summary>Accept a self-signed, expired or wrong-host certificate on every server of this account (a risk).</summary>
    public bool AllowInvalidCertificate { get; init; }

    public Padlocks Padlocks { get; init; } = Padlocks.Default;

    public ConversationIdPlacement ConversationId { get; init; } = ConversationIdPlacement.Subject;

    public FromSettings From { get; init; } = FromSettings.Default;

    public HistoryOptions History { get; init; } = HistoryOptions.Default;

    /// <summary>The row version read with the account; an edit based on an older version is a conflict.</summary>
    public long Version { get; init; }

    /// <summary>The credentials SMTP signs in with: the incoming ones unless the outgoing server has its own.</summary>
    public Credentials SmtpCredentials =>
        Outgoing is { UseIncomingCredentials: false, Credentials: { } own } ? own : Credentials;
}
