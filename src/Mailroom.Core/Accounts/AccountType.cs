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
}
