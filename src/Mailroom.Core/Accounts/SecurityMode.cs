namespace Mailroom.Core.Accounts;

/// <summary>How a connection to a mail server is secured.</summary>
public enum SecurityMode
{
    /// <summary>Plain text; never upgraded.</summary>
    None,

    /// <summary>TLS from the first byte (IMAPS 993, POP3S 995, SMTPS 465).</summary>
    Ssl,

    /// <summary>Plain connect, then STARTTLS; refused when the server does not offer it.</summary>
    StartTls,

    /// <summary>SSL on the well-known SSL ports, otherwise STARTTLS when offered.</summary>
    Auto,
}
