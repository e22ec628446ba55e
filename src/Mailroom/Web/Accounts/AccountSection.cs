namespace Mailroom.Web.Accounts;

/// <summary>The tabs of an account's pages; each saves only its own fields.</summary>
public enum AccountSection
{
    /// <summary>Name, Available to users, the two padlocks, the credentials.</summary>
    Info,

    /// <summary>Exchange Server, or Incoming and Outgoing for IMAP and POP3.</summary>
    Server,

    Conversation,

    From,

    History,
}
