namespace Mailroom.Core.Accounts;

/// <summary>The incoming (IMAP or POP3) server of an account.</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">The port, or null for the default of the protocol and security mode.</param>
/// <param name="Security">How the connection is secured; <see cref="SecurityMode.Auto"/> by default.</param>
public sealed record IncomingServer(string Host, int? Port = null, SecurityMode Security = SecurityMode.Auto)
{
    /// <summary>The port used to connect: the given one, else 143/993 for IMAP and 110/995 for POP3.</summary>
    public int EffectivePort(AccountType type) => Port ?? DefaultPort(type, Security);

    public static int DefaultPort(AccountType type, SecurityMode security) => (type, security) switch
    {
        (AccountType.Imap, SecurityMode.Ssl) => 993,
        (AccountType.Imap, _) => 143,
        (AccountType.Pop3, SecurityMode.Ssl) => 995,
        (AccountType.Pop3, _) => 110,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only IMAP and POP3 accounts have an incoming server."),
    };
}
