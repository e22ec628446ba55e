using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Mailroom.Testing;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// IMAP APPEND of raw bytes exactly as they are. MailKit appends a <c>MimeMessage</c>, which would re-serialise what
/// it parsed (and cannot hold a file it cannot parse); the corpus test needs Dovecot to hold each file byte for byte,
/// so this speaks just enough IMAP itself: LOGIN, then one APPEND per message with a non-synchronising literal
/// (LITERAL+, which Dovecot offers).
/// </summary>
internal sealed class RawImapAppend : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly SslStream _tls;
    private int _tag;

    private RawImapAppend(TcpClient tcp, SslStream tls)
    {
        _tcp = tcp;
        _tls = tls;
    }

    public static async Task<RawImapAppend> OpenAsync(MailUser user)
    {
        await MailServer.EnsureStartedAsync();
        var tcp = new TcpClient();
        await tcp.ConnectAsync(MailServer.Host, MailServer.ImapsPort);
        var tls = new SslStream(tcp.GetStream(), false, MailServer.AcceptAnyCertificate);
        await tls.AuthenticateAsClientAsync("localhost");
        var session = new RawImapAppend(tcp, tls);
        await session.ReadLineAsync(); // greeting
        await session.CommandAsync(Encoding.UTF8.GetBytes($"LOGIN {Quote(user.Address)} {Quote(user.Password)}"));
        return session;
    }

    /// <summary>Appends one message to <paramref name="folder"/>; null when Dovecot accepted it, else its tagged reply.</summary>
    public async Task<string?> AppendAsync(string folder, byte[] raw)
    {
        var head = Encoding.UTF8.GetBytes($"APPEND {Quote(folder)} {{{raw.Length.ToString(CultureInfo.InvariantCulture)}+}}\r\n");
        var reply = await SendAsync([.. head, .. raw]);
        return reply.Contains(" OK", StringComparison.Ordinal) ? null : reply;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync("LOGOUT"u8.ToArray());
        }
        catch (IOException)
        {
            // The server may close first.
        }

        await _tls.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task CommandAsync(byte[] command)
    {
        var reply = await SendAsync(command);
        if (!reply.Contains(" OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("IMAP command refused: " + reply);
        }
    }

    /// <summary>Sends a tagged command and returns its tagged reply line (untagged lines are read past).</summary>
    private async Task<string> SendAsync(byte[] command)
    {
        var tag = "a" + (++_tag).ToString(CultureInfo.InvariantCulture);
        await _tls.WriteAsync(Encoding.ASCII.GetBytes(tag + " "));
        await _tls.WriteAsync(command);
        await _tls.WriteAsync("\r\n"u8.ToArray());
        await _tls.FlushAsync();
        while (true)
        {
            var line = await ReadLineAsync();
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    private async Task<string> ReadLineAsync()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _tls.ReadAsync(one) == 0)
            {
                throw new IOException("The IMAP server closed the connection.");
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
