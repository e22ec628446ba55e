namespace Mailroom.Mail.AccountTests;

/// <summary>What an administrator can do about each kind of failure.</summary>
internal static class AccountTestHints
{
    public static string For(MailFailureKind kind) => kind switch
    {
        MailFailureKind.HostNotFound => "check the server name for typos; it must resolve in DNS from the Mailroom server.",
        MailFailureKind.ConnectionRefused => "check the port and security mode (IMAP 143/993, POP3 110/995, SMTP 587/465/25) and that the server is running.",
        MailFailureKind.TimedOut => "the server did not answer in time: check firewalls, the host and port, and whether the port expects SSL rather than STARTTLS.",
        MailFailureKind.CertificateNotTrusted => "install a certificate from a trusted authority on the server, or turn on Allow Invalid Server Certificate if you accept the risk.",
        MailFailureKind.StartTlsNotOffered => "use security SSL on the server's SSL port, or have STARTTLS enabled on the server; choose none only if plain text is acceptable.",
        MailFailureKind.AuthenticationFailed => "wrong user name or password (or an expired token): check the credentials and that this user may sign in with this protocol.",
        MailFailureKind.FolderNotFound => "check the folder name: names are case-sensitive and use the server's hierarchy separator.",
        MailFailureKind.ProtocolError => "the port speaks another protocol or security mode: check the port and security mode.",
        _ => "the server refused the command; its words are above.",
    };
}
