namespace Mailroom.Core.Accounts;

/// <summary>The protocol family of an account.</summary>
public enum AccountType
{
    /// <summary>Microsoft Exchange through Exchange Web Services.</summary>
    Exchange,

    /// <summary>IMAP for incoming mail, SMTP for outgoing.</summary>
    Imap,

    /// <summary>POP3 for incoming mail, SMTP for outgoing.</summary>
    Pop3,

    /// <summary>
    /// A Microsoft 365 mailbox through Microsoft Graph: delta queries to read, sendMail with Mailroom's own MIME to
    /// send. Signs in with OAuth 2.0 only (<see cref="Account.OAuth"/>); the mailbox is <see cref="Account.Graph"/>.
    /// </summary>
    Graph,
}
