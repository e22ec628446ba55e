using MailKit.Security;
using Mailroom.Core.Accounts;

namespace Mailroom.Mail.Connections;

/// <summary>Where and how to connect: one server of an account.</summary>
internal sealed record MailEndpoint(MailProtocol Protocol, string Host, int Port, SecurityMode Security, bool AllowInvalidCertificate)
{
    /// <summary>The ports where TLS starts with the first byte (IMAPS, POP3S, SMTPS).</summary>
    private static readonly int[] SslPorts = [993, 995, 465];

    public string ProtocolName => Protocol switch
    {
        MailProtocol.Imap => "IMAP",
        MailProtocol.Pop3 => "POP3",
        _ => "SMTP",
    };

    public string SecurityName => Security switch
    {
        SecurityMode.None => "none",
        SecurityMode.Ssl => "ssl",
        SecurityMode.StartTls => "starttls",
        _ => "auto",
    };

    /// <summary>
    /// Auto means SSL on the well-known SSL ports and STARTTLS elsewhere when the server offers it; StartTls insists
    /// on it, so a server that does not offer it is reported rather than silently used in plain text.
    /// </summary>
    public SecureSocketOptions SocketOptions => Security switch
    {
        SecurityMode.None => SecureSocketOptions.None,
        SecurityMode.Ssl => SecureSocketOptions.SslOnConnect,
        SecurityMode.StartTls => SecureSocketOptions.StartTls,
        _ => SslPorts.Contains(Port) ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable,
    };

    public static MailEndpoint Incoming(Account account)
    {
        var server = account.Incoming ?? throw new ArgumentException($"Account '{account.Name}' has no incoming server.", nameof(account));
        var protocol = account.Type == AccountType.Pop3 ? MailProtocol.Pop3 : MailProtocol.Imap;
        return new(protocol, server.Host.Trim(), server.EffectivePort(account.Type), server.Security, account.AllowInvalidCertificate);
    }

    public static MailEndpoint Outgoing(Account account)
    {
        var server = account.Outgoing ?? throw new ArgumentException($"Account '{account.Name}' has no outgoing server.", nameof(account));
        return new(MailProtocol.Smtp, server.Host.Trim(), server.EffectivePort, server.Security, account.AllowInvalidCertificate);
    }

    /// <summary>For messages: <c>IMAP 127.0.0.1:993 (ssl)</c>.</summary>
    public override string ToString() => $"{ProtocolName} {Host}:{Port} ({SecurityName})";
}
