using System.Net.Sockets;
using System.Text;

namespace Mailroom.Testing;

/// <summary>
/// A minimal SMTP client that sends a message's bytes exactly as given (only bare LF made CRLF, and dot-stuffing), so
/// corpus messages reach the mailbox without being re-serialized by MimeKit.
/// </summary>
internal static class RawSmtp
{
    public static async Task SendAsync(string host, int port, string envelopeFrom, string to, byte[] message, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        await ExpectAsync(reader, "220", "greeting", cancellationToken).ConfigureAwait(false);
        await CommandAsync(stream, reader, "EHLO mailroom-tests.localhost", "250", cancellationToken).ConfigureAwait(false);
        await CommandAsync(stream, reader, $"MAIL FROM:<{envelopeFrom}>", "250", cancellationToken).ConfigureAwait(false);
        await CommandAsync(stream, reader, $"RCPT TO:<{to}>", "250", cancellationToken).ConfigureAwait(false);
        await CommandAsync(stream, reader, "DATA", "354", cancellationToken).ConfigureAwait(false);
        var body = Stuff(message);
        await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(".\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await ExpectAsync(reader, "250", "end of DATA", cancellationToken).ConfigureAwait(false);
        await CommandAsync(stream, reader, "QUIT", "221", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>CRLF line ends, a leading dot doubled, and a final CRLF.</summary>
    private static byte[] Stuff(byte[] message)
    {
        var output = new MemoryStream(message.Length + 1024);
        var lineStart = true;
        for (var i = 0; i < message.Length; i++)
        {
            var b = message[i];
            if (lineStart && b == (byte)'.')
            {
                output.WriteByte((byte)'.');
            }

            if (b == (byte)'\n' && (i == 0 || message[i - 1] != (byte)'\r'))
            {
                output.WriteByte((byte)'\r');
            }

            output.WriteByte(b);
            lineStart = b == (byte)'\n';
        }

        if (!lineStart)
        {
            output.Write("\r\n"u8);
        }

        return output.ToArray();
    }

    private static async Task CommandAsync(NetworkStream stream, StreamReader reader, string command, string expected, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken).ConfigureAwait(false);
        await ExpectAsync(reader, expected, command.Split(' ')[0], cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExpectAsync(StreamReader reader, string expected, string step, CancellationToken cancellationToken)
    {
        var reply = new StringBuilder();
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"SMTP server closed the connection during {step}: {reply}");
            reply.Append(line).Append(' ');
            if (line.Length < 4 || line[3] != '-')
            {
                if (!line.StartsWith(expected, StringComparison.Ordinal))
                {
                    throw new IOException($"SMTP {step} refused: {reply.ToString().Trim()}");
                }

                return;
            }
        }
    }
}
