using System.Net.Sockets;
using Mailroom.Mail;

namespace Mailroom.Engine.Monitor;

/// <summary>Sorting failures: a dead connection ends the check (reconnect later); anything else is per message.</summary>
internal static class MonitorErrors
{
    /// <summary>
    /// True when the connection to the server cannot be trusted any more. MailKit disconnects on any non-protocol
    /// failure mid-command, so such a client must be disposed and a new one opened.
    /// </summary>
    public static bool IsConnectionFailure(Exception ex) => ex is MailConnectionException or IOException or SocketException
        or OperationCanceledException or MailKit.ProtocolException or MailKit.ServiceNotConnectedException or MailKit.ServiceNotAuthenticatedException
        or MonitorLeaseLostException
        or Mail.OAuth.OAuthException; // no token: nothing more can be done on this connection until one is had

    /// <summary>One line for the administrator: the error's message, with its inner cause when that says more.</summary>
    public static string Describe(Exception ex)
    {
        // A connection failure's message was written from its cause already (its first line); the cause's whole text
        // would repeat it or, for a TLS failure, add MailKit's page-long list of certificate causes to the monitor page.
        if (ex is MailConnectionException)
        {
            return Clip(ex.Message);
        }

        var text = ex.InnerException is { } inner && inner.Message != ex.Message ? $"{ex.Message} ({inner.Message})" : ex.Message;
        return Clip(text);
    }

    /// <summary>A server's or a mailbox's own words, cut to what the ledger keeps and cleaned for the database.</summary>
    public static string Clip(string text)
    {
        var clean = DatabaseText.Clean(text) ?? string.Empty;
        return clean.Length > 2000 ? clean[..2000] : clean;
    }
}
