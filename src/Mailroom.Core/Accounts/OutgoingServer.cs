namespace Mailroom.Core.Accounts;

/// <summary>The outgoing SMTP server of an IMAP or POP3 account.</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">The port, or null for 587 with STARTTLS (and auto), 465 with SSL, 25 with none.</param>
/// <param name="Security">How the connection is secured.</param>
/// <param name="UseIncomingCredentials">Sign in with the incoming server's credentials (the default).</param>
/// <param name="Credentials">The SMTP server's own credentials when <paramref name="UseIncomingCredentials"/> is off.</param>
public sealed record OutgoingServer(
    string Host,
    int? Port = null,
    SecurityMode Security = SecurityMode.Auto,
    bool UseIncomingCredentials = true,
    Credentials? Credentials = null)
{
    public int EffectivePort => Port ?? DefaultPort(Security);

    public static int DefaultPort(SecurityMode security) => security switch
    {
        SecurityMode.Ssl => 465,
        SecurityMode.None => 25,
        _ => 587,
    };
}
