using System.Globalization;
using System.Text;
using MailKit.Net.Pop3;

namespace Mailroom.Mail.Pop3;

/// <summary>
/// RETR (RFC 1939 7) read a block at a time straight into a destination stream, so memory stays near one block
/// (64 KiB) whatever the message's size. The dot-stuffing is undone on the way: a line starting with "." loses that
/// dot, and a line that is only "." ends the message. Several RETR may be sent before their replies are read
/// (pipelining, RFC 2449 6.6, only where the server offers PIPELINING): the replies come back in order on the one
/// connection, and what is read past one reply is kept for the next.
/// </summary>
/// <remarks>
/// Any failure other than an -ERR reply leaves the connection in the middle of a reply: the caller must drop it.
/// </remarks>
internal sealed class Pop3Retrieval
{
    private const int BlockSize = 64 * 1024;
    private const int MaxStatusLine = 1024;

    private readonly Stream _raw;
    private readonly TimeSpan _readTimeout;
    private readonly byte[] _input = new byte[BlockSize];
    private readonly byte[] _output = new byte[BlockSize + 2];
    private int _start;
    private int _end;

    private Pop3Retrieval(Stream raw, TimeSpan readTimeout)
    {
        _raw = raw;
        _readTimeout = readTimeout;
    }

    /// <summary>Reads replies on <paramref name="client"/>'s connection, each read within <paramref name="readTimeout"/>.</summary>
    /// <exception cref="InvalidOperationException">MailKit's internals are not as expected (see <see cref="Pop3Connection"/>).</exception>
    public static Pop3Retrieval On(Pop3Client client, TimeSpan readTimeout) => new(Pop3Connection.RawStream(client), readTimeout);

    /// <summary>True when nothing read from the connection is left over: the connection is between replies.</summary>
    public bool IsDrained => _start == _end;

    /// <summary>Sends one RETR per index (0-based), in one write.</summary>
    public async Task SendAsync(IEnumerable<int> indexes, CancellationToken cancellationToken)
    {
        var commands = new StringBuilder();
        foreach (var index in indexes)
        {
            commands.Append(CultureInfo.InvariantCulture, $"RETR {index + 1}\r\n");
        }

        await _raw.WriteAsync(Encoding.ASCII.GetBytes(commands.ToString()), cancellationToken).ConfigureAwait(false);
        await _raw.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the next RETR reply: the message into <paramref name="destination"/> (returning the bytes written), or,
    /// when the server answered -ERR, nothing written and the server's text as the refusal.
    /// </summary>
    public async Task<(long Written, string? Refusal)> ReadAsync(Stream destination, CancellationToken cancellationToken)
    {
        if (await ReadStatusAsync(cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return (0, refusal);
        }

        var unstuffer = new DotUnstuffer();
        long written = 0;
        while (true)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var (consumed, produced, finished) = unstuffer.Process(_input.AsSpan(_start, _end - _start), _output);
            await destination.WriteAsync(_output.AsMemory(0, produced), cancellationToken).ConfigureAwait(false);
            written += produced;
            _start += consumed;
            if (finished)
            {
                return (written, null);
            }
        }
    }

    /// <summary>Reads the status line; null for +OK (the message follows), else the -ERR text.</summary>
    private async Task<string?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
            }

            var available = _input.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var taken = newline < 0 ? available.Length : newline + 1;
            line.AddRange(available[..taken]);
            _start += taken;
            if (newline >= 0)
            {
                var status = Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r', '\n');
                if (status.StartsWith("+OK", StringComparison.Ordinal))
                {
                    return null;
                }

                if (status.StartsWith("-ERR", StringComparison.Ordinal))
                {
                    return status.Length > 4 ? status[4..].Trim() : string.Empty;
                }

                throw new Pop3ProtocolException($"Unexpected reply to RETR: {status}");
            }

            if (line.Count > MaxStatusLine)
            {
                throw new Pop3ProtocolException("The POP3 server's reply to RETR has no end of line.");
            }
        }
    }

    /// <summary>Fills the buffer from its start with what the server has sent, within the read timeout.</summary>
    private async Task FillAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_readTimeout);
        int read;
        try
        {
            read = await _raw.ReadAsync(_input, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The POP3 server sent nothing for {_readTimeout.TotalSeconds:0} seconds during RETR.");
        }

        _start = 0;
        _end = read > 0 ? read : throw new Pop3ProtocolException("The POP3 server closed the connection in the middle of a message.");
    }
}
