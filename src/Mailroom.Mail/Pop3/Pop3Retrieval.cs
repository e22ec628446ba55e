using System.Globalization;
using System.Text;
using MailKit.Net.Pop3;

namespace Mailroom.Mail.Pop3;

/// <summary>
/// RETR (RFC 1939 7) read a block at a time straight into a destination stream, so memory stays near one block
/// (64 KiB) whatever the message's size. The dot-stuffing is undone on the way: a line starting with "." loses that
/// dot, and a line that is only "." ends the message.
/// </summary>
internal static class Pop3Retrieval
{
    private const int BlockSize = 64 * 1024;
    private const int MaxStatusLine = 1024;

    /// <summary>Copies message <paramref name="index"/> (0-based) to <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="Pop3CommandException">The server answered -ERR; the connection is still usable.</exception>
    /// <remarks>Any other failure leaves the connection in the middle of a reply: the caller must drop it.</remarks>
    public static async Task<long> CopyAsync(Pop3Client client, int index, Stream destination, TimeSpan readTimeout, CancellationToken cancellationToken)
    {
        var raw = Pop3Connection.RawStream(client);
        var command = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"RETR {index + 1}\r\n"));
        await raw.WriteAsync(command, cancellationToken).ConfigureAwait(false);
        await raw.FlushAsync(cancellationToken).ConfigureAwait(false);

        var input = new byte[BlockSize];
        var output = new byte[BlockSize + 2];
        var reader = new BlockReader(raw, input, readTimeout);
        var (start, end) = await ReadStatusAsync(reader, cancellationToken).ConfigureAwait(false);
        var unstuffer = new DotUnstuffer();
        long written = 0;
        while (true)
        {
            if (start == end)
            {
                end = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                start = 0;
            }

            var (consumed, produced, finished) = unstuffer.Process(input.AsSpan(start, end - start), output);
            await destination.WriteAsync(output.AsMemory(0, produced), cancellationToken).ConfigureAwait(false);
            written += produced;
            start += consumed;
            if (finished)
            {
                if (start != end)
                {
                    throw new Pop3ProtocolException("The POP3 server sent data after the end of the message.");
                }

                return written;
            }
        }
    }

    /// <summary>Reads the status line; returns where the message data starts and ends in the reader's buffer.</summary>
    private static async Task<(int Start, int End)> ReadStatusAsync(BlockReader reader, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            var end = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var newline = reader.Buffer.AsSpan(0, end).IndexOf((byte)'\n');
            line.AddRange(reader.Buffer.AsSpan(0, newline < 0 ? end : newline + 1));
            if (newline >= 0)
            {
                var status = Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r', '\n');
                if (status.StartsWith("+OK", StringComparison.Ordinal))
                {
                    return (newline + 1, end);
                }

                if (status.StartsWith("-ERR", StringComparison.Ordinal))
                {
                    if (newline + 1 != end)
                    {
                        throw new Pop3ProtocolException("The POP3 server sent data after an -ERR reply.");
                    }

                    var text = status.Length > 4 ? status[4..].Trim() : string.Empty;
                    throw new Pop3CommandException($"RETR failed: {text}", text);
                }

                throw new Pop3ProtocolException($"Unexpected reply to RETR: {status}");
            }

            if (line.Count > MaxStatusLine)
            {
                throw new Pop3ProtocolException("The POP3 server's reply to RETR has no end of line.");
            }
        }
    }

    /// <summary>Reads from the connection into one buffer, each read within the command timeout.</summary>
    private sealed class BlockReader(Stream stream, byte[] buffer, TimeSpan readTimeout)
    {
        public byte[] Buffer => buffer;

        /// <summary>Fills the buffer from its start with what the server has sent; returns how much.</summary>
        public async Task<int> ReadAsync(CancellationToken cancellationToken)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(readTimeout);
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The POP3 server sent nothing for {readTimeout.TotalSeconds:0} seconds during RETR.");
            }

            return read > 0 ? read : throw new Pop3ProtocolException("The POP3 server closed the connection in the middle of a message.");
        }
    }
}
