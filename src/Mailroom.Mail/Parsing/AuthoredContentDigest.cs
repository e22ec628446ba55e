using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Mailroom.Mail.Parsing;

/// <summary>
/// A digest of what the author of a message wrote, leaving out what mail servers add on the way: the same mail
/// delivered twice (to two desk aliases, or by an MTA that retried after losing the reply to its DATA) has other
/// <c>Received</c>, <c>Delivered-To</c>, <c>Return-Path</c>, <c>X-Original-To</c>, spam-filter and authentication
/// headers in each copy, so its raw bytes differ while this digest does not.
/// </summary>
/// <remarks>
/// <para>
/// The digest covers an allow-list rather than leaving out a list of trace headers, because servers add headers no
/// list can name (<c>X-Spam-Score</c>, <c>X-Virus-Scanned</c>, <c>ARC-*</c>, a vendor's own): <see cref="AuthorHeaders"/>
/// (each header's name and unfolded value, in order) and the body as MIME (the top-level <c>Content-*</c> headers,
/// the parts, their bytes; line ends made CRLF).
/// </para>
/// <para>
/// <c>Date</c> is left out too: it is the author's, but a copy re-sent by a client or a list under the same
/// Message-ID with a later date is still the same mail to the desk. What decides is the rest: a different body,
/// subject or recipient list under the same Message-ID gives another digest, and that mail is filed.
/// </para>
/// </remarks>
public static class AuthoredContentDigest
{
    /// <summary>The headers the digest covers besides the body's own <c>Content-*</c> headers.</summary>
    public static IReadOnlyList<HeaderId> AuthorHeaders { get; } =
        [HeaderId.From, HeaderId.Sender, HeaderId.ReplyTo, HeaderId.To, HeaderId.Cc, HeaderId.Subject, HeaderId.MessageId, HeaderId.InReplyTo, HeaderId.References];

    /// <summary>SHA-256 as lower-case hex; null for a message read without its body (above the size limit).</summary>
    public static async Task<string?> OfAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Body is null)
        {
            return null;
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var id in AuthorHeaders)
        {
            foreach (var header in message.Headers.Where(h => h.Id == id))
            {
                sha.AppendData(Encoding.UTF8.GetBytes(header.Field.ToUpperInvariant() + ":" + Unfold(header.Value) + "\n"));
            }
        }

        sha.AppendData("\n"u8);
        using (var hashing = new HashingStream(sha))
        {
            var format = FormatOptions.Default.Clone();
            format.NewLineFormat = NewLineFormat.Dos;
            await message.Body.WriteToAsync(format, hashing, cancellationToken).ConfigureAwait(false);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string Unfold(string value) =>
        string.Join(' ', value.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A write-only stream that feeds the hash, so the body is digested as it is written, never held.</summary>
    private sealed class HashingStream(IncrementalHash sha) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => sha.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => sha.AppendData(buffer);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            sha.AppendData(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            sha.AppendData(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
