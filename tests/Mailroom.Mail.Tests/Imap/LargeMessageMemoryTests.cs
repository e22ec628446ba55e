using Mailroom.Mail.Tests.Support;
using MimeKit;

namespace Mailroom.Mail.Tests.Imap;

/// <summary>Runs alone, so no other test's allocations blur the measurement of this process's memory.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

[Collection(nameof(MemoryMeasurement))]
public sealed class LargeMessageMemoryTests
{
    private const int AttachmentBytes = 50 * 1024 * 1024;

    [Fact]
    public async Task FiftyMegabyteMessage_IsStreamedThrough_WithManagedMemoryFarBelowItsSize()
    {
        var user = await TestMailServer.CreateUserAsync("big");
        var file = await WriteLargeMessageAsync();
        try
        {
            await using (var probe = await ImapProbe.OpenAsync(user))
            await using (var source = File.OpenRead(file))
            {
                // Parsed with persistent content: MimeKit keeps the body in the file, not in memory.
                var message = await MimeMessage.LoadAsync(source, persistent: true);
                await probe.AppendAsync("INBOX", message);
            }

            await using var mailbox = await ImapMailboxTests.Open(user);
            var listed = Assert.Single((await mailbox.ListAsync(null, CancellationToken.None)).Messages);
            Assert.True(listed.Size > AttachmentBytes);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            long peak = 0;
            using var stopSampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stopSampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
                    await Task.Delay(2);
                }
            });

            long read = 0;
            long afterOpen;
            await using (var stream = await mailbox.OpenAsync(listed, CancellationToken.None))
            {
                // A buffering implementation holds the whole message here, while the stream is alive.
                afterOpen = GC.GetTotalMemory(false);
                var buffer = new byte[81920];
                int n;
                while ((n = await stream.ReadAsync(buffer)) > 0)
                {
                    read += n;
                }
            }

            stopSampling.Cancel();
            await sampler;
            peak = Math.Max(peak, afterOpen);

            Assert.Equal(listed.Size, read);
            var growth = peak - baseline;
            Assert.True(growth < 25L * 1024 * 1024, $"managed memory grew by {growth / 1024 / 1024} MB while a {read / 1024 / 1024} MB message was streamed");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Writes a message with a 50 MB base64 attachment to disk in pieces, never holding it in memory.</summary>
    private static async Task<string> WriteLargeMessageAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"big-{Guid.NewGuid():N}.eml");
        await using var file = File.Create(path);
        await using var writer = new StreamWriter(file) { NewLine = "\r\n" };
        await writer.WriteLineAsync("From: sender@mail-tests.test");
        await writer.WriteLineAsync("To: big@mail-tests.test");
        await writer.WriteLineAsync("Subject: fifty megabytes");
        await writer.WriteLineAsync("MIME-Version: 1.0");
        await writer.WriteLineAsync("Content-Type: application/octet-stream; name=big.bin");
        await writer.WriteLineAsync("Content-Transfer-Encoding: base64");
        await writer.WriteLineAsync();
        var random = new Random(42);
        var chunk = new byte[57 * 1000];
        for (var written = 0; written < AttachmentBytes; written += chunk.Length)
        {
            random.NextBytes(chunk);
            var base64 = Convert.ToBase64String(chunk);
            for (var i = 0; i < base64.Length; i += 76)
            {
                await writer.WriteLineAsync(base64.AsMemory(i, Math.Min(76, base64.Length - i)));
            }
        }

        await writer.FlushAsync();
        return path;
    }
}
