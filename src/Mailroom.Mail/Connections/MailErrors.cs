using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Mailroom.Mail.Connections;

/// <summary>
/// Turns what MailKit and the socket layer throw into a <see cref="MailConnectionException"/> whose message says what
/// failed, the likely cause and the next step, in words an administrator can act on (never a stack trace).
/// </summary>
internal static class MailErrors
{
    public static MailConnectionException Map(Exception exception, MailEndpoint endpoint, MailStage stage, CertificateCheck? certificate, TimeSpan timeout, bool timedOut)
    {
        if (exception is MailConnectionException already)
        {
            return already;
        }

        var where = endpoint.ToString();
        if (timedOut || FindInner<TimeoutException>(exception) is not null || FindSocketError(exception) == SocketError.TimedOut)
        {
            return new(MailFailureKind.TimedOut,
                $"{where}: no answer within {timeout.TotalSeconds:0} seconds while trying to {Describe(stage)}. The host may be down, a firewall may drop the connection, or the port may expect another security mode (SSL rather than STARTTLS). Check the host, port and security mode.",
                inner: exception);
        }

        switch (exception)
        {
            case SslHandshakeException handshake when certificate?.Problem is not null || handshake.ServerCertificate is not null:
                return CertificateRefused(where, handshake, certificate);
            case SslHandshakeException handshake when FindSocketError(handshake) is SocketError.ConnectionReset or SocketError.ConnectionAborted:
                // The server took the connection and then dropped it: seen from a server that stops or sheds load
                // (Dovecot shutting down), not only from a wrong port, so the text says what happened and when the
                // port is worth checking rather than blaming it.
                return new(MailFailureKind.ProtocolError,
                    $"{where}: the server closed the connection during the TLS handshake ({FirstLine(handshake.InnerException?.Message ?? handshake.Message)}). A server that is stopping or overloaded does this; if it happens on every try, check the port and security mode (SSL on 993/995/465, STARTTLS on 143/110/587).",
                    inner: exception);
            case SslHandshakeException handshake:
                return new(MailFailureKind.ProtocolError,
                    $"{where}: the TLS handshake failed ({FirstLine(handshake.InnerException?.Message ?? handshake.Message)}). The port may not speak TLS from the first byte or the server offers no protocol in common. Check the port and security mode (SSL on 993/995/465, STARTTLS on 143/110/587).",
                    inner: exception);
            case AuthenticationException auth when IsTemporary(auth.Message):
                return new(MailFailureKind.ServerError,
                    $"{where}: the server could not check the sign-in just now: {FirstLine(auth.Message)} This is a temporary failure on the server's side, not a wrong password; it is tried again later. If it persists, the server's authentication service needs its administrator.",
                    FirstLine(auth.Message), exception);
            case AuthenticationException auth:
                return new(MailFailureKind.AuthenticationFailed,
                    $"{where}: the server refused the sign-in: {FirstLine(auth.Message)} Check the user name and password (or token).",
                    FirstLine(auth.Message), exception);
            case NotSupportedException notSupported when stage == MailStage.Connect:
                return new(MailFailureKind.StartTlsNotOffered,
                    $"{where}: the server does not offer STARTTLS ({FirstLine(notSupported.Message)}). Use security ssl on the server's SSL port, or ask its administrator to enable STARTTLS.",
                    inner: exception);
            case NotSupportedException notSupported when stage == MailStage.SignIn:
                return new(MailFailureKind.AuthenticationFailed,
                    $"{where}: the server offers no way to sign in on this connection ({FirstLine(notSupported.Message)}). Many servers allow sign-in only after STARTTLS: check the security mode.",
                    inner: exception);
            case FolderNotFoundException folder:
                return new(MailFailureKind.FolderNotFound,
                    $"{where}: the folder '{folder.FolderName}' does not exist. Check the folder name (case and hierarchy separator matter) or create the folder.",
                    inner: exception);
            case ImapCommandException imap:
                return new(MailFailureKind.ServerError, $"{where}: the server refused to {Describe(stage)}: {imap.ResponseText}", imap.ResponseText, exception);
            case Pop3CommandException pop:
                return new(MailFailureKind.ServerError, $"{where}: the server refused to {Describe(stage)}: {pop.StatusText}", pop.StatusText, exception);
            case SmtpCommandException smtp:
                return new(MailFailureKind.ServerError, $"{where}: the server refused to {Describe(stage)}: {(int)smtp.StatusCode} {FirstLine(smtp.Message)}", FirstLine(smtp.Message), exception);
            case ProtocolException protocol when stage == MailStage.Connect:
                return new(MailFailureKind.ProtocolError,
                    $"{where}: the server does not speak {endpoint.ProtocolName} as expected ({FirstLine(protocol.Message)}). Check that the port is the {endpoint.ProtocolName} port and that the security mode matches it.",
                    inner: exception);
            case ProtocolException protocol:
                // Past the greeting the port and security mode are proven right: say what happened, not a guess.
                return new(MailFailureKind.ProtocolError,
                    $"{where}: a reply of the server could not be read while trying to {Describe(stage)} ({FirstLine(protocol.Message)}); the connection was closed.",
                    inner: exception);
        }

        if (FindSocketError(exception) is { } socketError)
        {
            return SocketFailure(where, endpoint, socketError, exception);
        }

        if (exception is IOException or ServiceNotConnectedException && stage is not MailStage.Connect)
        {
            return new(MailFailureKind.ProtocolError,
                $"{where}: the connection broke while trying to {Describe(stage)} ({FirstLine(exception.Message)}).",
                inner: exception);
        }

        if (exception is IOException or ServiceNotConnectedException)
        {
            return new(MailFailureKind.ProtocolError,
                $"{where}: the connection broke while trying to {Describe(stage)} ({FirstLine(exception.Message)}). The server may have closed it, or the port speaks another protocol or security mode.",
                inner: exception);
        }

        return new(MailFailureKind.ServerError, $"{where}: could not {Describe(stage)}: {FirstLine(exception.Message)}", inner: exception);
    }

    private static MailConnectionException CertificateRefused(string where, SslHandshakeException handshake, CertificateCheck? check)
    {
        var cert = handshake.ServerCertificate;
        var subject = check?.Subject ?? cert?.Subject ?? "(unknown)";
        var issuer = check?.Issuer ?? cert?.Issuer ?? "(unknown)";
        var expiry = check?.NotAfter is not null ? check.FormatExpiry() : cert?.GetExpirationDateString() ?? "(unknown)";
        var problem = check?.Problem ?? "the certificate could not be validated";
        return new(MailFailureKind.CertificateNotTrusted,
            $"{where}: the server's certificate is not trusted: {problem}. Certificate subject {subject}, issuer {issuer}, expires {expiry}. Install a certificate from a trusted authority on the server, or turn on Allow Invalid Server Certificate for this account if you accept the risk.",
            inner: handshake);
    }

    private static MailConnectionException SocketFailure(string where, MailEndpoint endpoint, SocketError error, Exception exception) => error switch
    {
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => new(MailFailureKind.HostNotFound,
            $"{where}: the host name '{endpoint.Host}' does not resolve. Check the server name for typos and this machine's DNS.", inner: exception),
        SocketError.ConnectionRefused => new(MailFailureKind.ConnectionRefused,
            $"{where}: connection refused: nothing listens on port {endpoint.Port}. Check the port and security mode and that the server is running.", inner: exception),
        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.HostDown => new(MailFailureKind.ConnectionRefused,
            $"{where}: the host cannot be reached ({error}). Check the host name and the network between this machine and the server.", inner: exception),
        _ => new(MailFailureKind.ProtocolError,
            $"{where}: the connection failed ({error}: {FirstLine(exception.Message)}). The server may have closed it, or the port speaks another protocol or security mode.", inner: exception),
    };

    /// <summary>
    /// A sign-in refused for a reason that passes (the server's password check is unavailable), not for wrong
    /// credentials: an SMTP 4xx reply (454 4.7.0), IMAP's [UNAVAILABLE] (RFC 5530) or POP3's [SYS/TEMP] (RFC 3206).
    /// </summary>
    private static bool IsTemporary(string message)
    {
        var text = message.TrimStart();
        return (text.Length >= 3 && text[0] == '4' && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[2]))
            || text.Contains("[UNAVAILABLE]", StringComparison.OrdinalIgnoreCase)
            || text.Contains("[SYS/TEMP]", StringComparison.OrdinalIgnoreCase);
    }

    private static string Describe(MailStage stage) => stage switch
    {
        MailStage.Connect => "connect",
        MailStage.SignIn => "sign in",
        MailStage.OpenFolder => "open the folder",
        _ => "complete the command",
    };

    private static SocketError? FindSocketError(Exception exception) => FindInner<SocketException>(exception)?.SocketErrorCode;

    private static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    internal static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
