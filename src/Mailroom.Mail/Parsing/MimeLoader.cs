using MimeKit;

namespace Mailroom.Mail.Parsing;

/// <summary>
/// The one way Mailroom loads raw incoming mail into MimeKit, for the monitor and for <see cref="IncomingMailReader"/>
/// alike, so that the parser tests read a message exactly as the monitor files it. Lines ending in a bare CR
/// (classic Mac OS mail) are read as LF; a seekable stream whose first lines are junk before the headers (a pasted
/// "---- Original email message ----") is read from its first header line; a message above the size limit has only
/// its headers read. Never throws on bad bytes: a stream that holds no MIME gives a null message and the reason.
/// </summary>
public static class MimeLoader
{
    /// <summary>How far into a message the first header line is looked for.</summary>
    private const int HeaderSearchBytes = 64 * 1024;

    /// <summary>
    /// Parses from the stream's current position. <paramref name="persistent"/> leaves part contents in a seekable
    /// stream (read when needed, so a large message is never held whole; the stream must stay open as long as the
    /// message is used). <paramref name="headersOnly"/> reads the headers and no body: enough to find the record
    /// and show the sender of a message too large to parse.
    /// </summary>
    public static async Task<LoadedMime> LoadAsync(Stream raw, ParserOptions options, bool persistent, bool headersOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(options);
        var start = raw.CanSeek ? raw.Position : -1;
        if (start >= 0 && HasOnlyCarriageReturns(raw))
        {
            try
            {
                var converted = await ParseAsync(new CarriageReturnStream(raw), options, persistent: false, headersOnly, cancellationToken).ConfigureAwait(false);
                return new LoadedMime(converted, null, ["lines ended in bare CR; read as LF"]);
            }
            catch (FormatException ex)
            {
                return new LoadedMime(null, ex.Message, []);
            }
        }

        try
        {
            return new LoadedMime(await ParseAsync(raw, options, persistent, headersOnly, cancellationToken).ConfigureAwait(false), null, []);
        }
        catch (FormatException first) when (start >= 0)
        {
            raw.Position = start;
            var headerStart = FindFirstHeaderLine(raw);
            if (headerStart > start)
            {
                raw.Position = headerStart;
                try
                {
                    var message = await ParseAsync(raw, options, persistent, headersOnly, cancellationToken).ConfigureAwait(false);
                    return new LoadedMime(message, null, ["junk before the headers was skipped"]);
                }
                catch (FormatException)
                {
                    // The first error says more about the message than the one after skipping.
                }
            }

            return new LoadedMime(null, first.Message, []);
        }
        catch (FormatException ex)
        {
            return new LoadedMime(null, ex.Message, []);
        }
    }

    private static async Task<MimeMessage> ParseAsync(Stream raw, ParserOptions options, bool persistent, bool headersOnly, CancellationToken cancellationToken)
    {
        if (!headersOnly)
        {
            return await MimeMessage.LoadAsync(options, raw, persistent && raw.CanSeek, cancellationToken).ConfigureAwait(false);
        }

        var parser = new MimeParser(options, raw, MimeFormat.Entity);
        var headers = await parser.ParseHeadersAsync(cancellationToken).ConfigureAwait(false);
        var message = new MimeMessage();
        message.Headers.Clear();
        foreach (var header in headers)
        {
            message.Headers.Add(header);
        }

        return message;
    }

    /// <summary>Whether the first 8 KB hold a CR and no LF; the stream is left where it was.</summary>
    private static bool HasOnlyCarriageReturns(Stream stream)
    {
        var origin = stream.Position;
        Span<byte> buffer = stackalloc byte[8192]; // asked of every message: no garbage for it
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        stream.Position = origin;
        var span = buffer[..read];
        return span.Contains((byte)'\r') && !span.Contains((byte)'\n');
    }

    /// <summary>The offset of the first "Name: value" line within the first 64 KB from the current position, or -1.</summary>
    private static long FindFirstHeaderLine(Stream stream)
    {
        var origin = stream.Position;
        var buffer = new byte[HeaderSearchBytes];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var lineStart = 0;
        for (var i = 0; i <= read; i++)
        {
            if (i < read && buffer[i] != (byte)'\n')
            {
                continue;
            }

            var nameEnd = lineStart;
            while (nameEnd < i && (char.IsAsciiLetterOrDigit((char)buffer[nameEnd]) || buffer[nameEnd] == (byte)'-'))
            {
                nameEnd++;
            }

            if (nameEnd > lineStart && nameEnd < i && buffer[nameEnd] == (byte)':')
            {
                return origin + lineStart;
            }

            lineStart = i + 1;
        }

        return -1;
    }
}
