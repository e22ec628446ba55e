using System.Security.Cryptography;
using System.Text;
using Mailroom.Mail.Tests.Imap;
using Mailroom.Mail.Tests.Pop3;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;
using Xunit.Abstractions;

namespace Mailroom.Mail.Tests;

/// <summary>
/// A message of about 50 MB delivered through Postfix, opened over POP3 and over IMAP: both streams give exactly the
/// bytes the server holds, which end with exactly the bytes that were sent. How much memory opening took is written
/// to the test output (run with <c>--logger "console;verbosity=detailed"</c>) for a person to judge; it is not
/// asserted, because another test's allocations in the same process would make such an assertion flaky.
/// </summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class LargeMessageTests(ITestOutputHelper output)
{
    private const int AttachmentBytes = 36 * 1024 * 1024;

    [Fact]
    public async Task FiftyMegabyteMessage_OverPop3AndImap_ArrivesByteIdentical()
    {
        var user = await MailServer.CreateUserAsync("big");
        var sent = BuildMessage(user.Address);
        var sentLength = sent.Length;
        var sentHash = SHA256.HashData(sent);
        await using (var probe = await ImapProbe.OpenAsync(user))
        {
            await MailServer.DeliverRawAsync(user.Address, sent);
            sent = [];
            await probe.WaitForCountAsync(1);
        }

        var imap = await ReadThroughAsync("IMAP", await ImapMailboxTests.Open(user));
        var pop3 = await ReadThroughAsync("POP3", await Pop3MailboxTests.Open(user));
        try
        {
            Assert.Equal(imap.Length, pop3.Length);
            Assert.Equal(Convert.ToHexString(imap.Hash), Convert.ToHexString(pop3.Hash));
            // The servers only add trace headers (Return-Path, Delivered-To, Received) in front of what was sent.
            Assert.True(pop3.Length > sentLength);
            Assert.Equal(Convert.ToHexString(sentHash), Convert.ToHexString(pop3.TailHash(sentLength)));
            Assert.StartsWith("Return-Path:", pop3.Head, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(imap.Path);
            File.Delete(pop3.Path);
        }
    }

    /// <summary>Opens the only message and copies its stream to a file, hashing it, while sampling managed memory.</summary>
    private async Task<Received> ReadThroughAsync(string protocol, IIncomingMailbox mailbox)
    {
        await using (mailbox)
        {
            var listed = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);
            var path = Path.Combine(Path.GetTempPath(), $"mailroom-big-{Guid.NewGuid():N}.eml");
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var peak = baseline;
            using var stopSampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stopSampling.IsCancellationRequested)
                {
                    var now = GC.GetTotalMemory(false);
                    if (now > Interlocked.Read(ref peak))
                    {
                        Interlocked.Exchange(ref peak, now);
                    }

                    await Task.Delay(5);
                }
            });

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            var head = string.Empty;
            await using (var stream = await mailbox.OpenOneAsync(listed, CancellationToken.None))
            await using (var file = File.Create(path))
            {
                var buffer = new byte[81920];
                int n;
                while ((n = await stream.ReadAsync(buffer)) > 0)
                {
                    if (length == 0)
                    {
                        head = Encoding.ASCII.GetString(buffer, 0, Math.Min(n, 200));
                    }

                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n));
                    length += n;
                }
            }

            await stopSampling.CancelAsync();
            await sampler;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            output.WriteLine(
                $"{protocol}: {length / 1048576.0:0.0} MB streamed; managed heap peak {(Interlocked.Read(ref peak) - baseline) / 1048576.0:0.0} MB above the baseline; {allocated / 1048576.0:0.0} MB allocated in all while opening and reading");
            Assert.Equal(listed.Size, length);
            return new Received(path, length, hash.GetHashAndReset(), head);
        }
    }

    /// <summary>
    /// A multipart message: a text part whose lines start with dots (POP3 and SMTP stuff them, so they test the
    /// un-stuffing) and a base64 attachment of <see cref="AttachmentBytes"/> random bytes; CRLF throughout.
    /// </summary>
    private static byte[] BuildMessage(string to)
    {
        var text = new StringBuilder();
        text.Append($"From: sender@{MailServer.DefaultDomain}\r\nTo: {to}\r\nSubject: fifty megabytes\r\n");
        text.Append($"Date: Fri, 27 Nov 2026 12:00:00 +0000\r\nMessage-ID: <{Guid.NewGuid():N}@{MailServer.DefaultDomain}>\r\n");
        text.Append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n");
        text.Append("--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        text.Append(".\r\n..\r\n. one leading dot\r\n.. two leading dots\r\nlast.line.\r\n");
        text.Append("--b1\r\nContent-Type: application/octet-stream; name=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        using var message = new MemoryStream((AttachmentBytes / 57 * 78) + 4096);
        message.Write(Encoding.ASCII.GetBytes(text.ToString()));
        var random = new Random(42);
        var chunk = new byte[57];
        for (var written = 0; written < AttachmentBytes; written += chunk.Length)
        {
            random.NextBytes(chunk);
            message.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(chunk)));
            message.Write("\r\n"u8);
        }

        message.Write("--b1--\r\n"u8);
        return message.ToArray();
    }

    private sealed record Received(string Path, long Length, byte[] Hash, string Head)
    {
        /// <summary>The SHA-256 of the last <paramref name="count"/> bytes.</summary>
        public byte[] TailHash(long count)
        {
            using var file = File.OpenRead(Path);
            file.Seek(-count, SeekOrigin.End);
            return SHA256.HashData(file);
        }
    }
}
