using System.Security.Cryptography;
using Mailroom.Core.Records;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Records;

/// <summary>
/// Large attachments and raw messages go into the journal from files and come back out as streams, byte for byte,
/// on both databases.
/// </summary>
public sealed class JournalStreamingTests
{
    private const int Large = 30 * 1024 * 1024;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_30_MB_attachment_from_a_file_and_a_30_MB_raw_message_come_back_byte_identical(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Big files", "cust@example.test"), CancellationToken.None);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var directory = Directory.CreateTempSubdirectory("mailroom-streaming-");
        try
        {
            var attachmentPath = Path.Combine(directory.FullName, "scan.attachment");
            await File.WriteAllBytesAsync(attachmentPath, Bytes(Large, seed: 1));
            var rawPath = Path.Combine(directory.FullName, "raw.eml");
            await File.WriteAllBytesAsync(rawPath, Bytes(Large + 12345, seed: 2));

            long entryId;
            await using (var work = await db.Database.BeginAsync(CancellationToken.None))
            await using (var raw = File.OpenRead(rawPath))
            {
                entryId = await journal.AddMailAsync(work, new NewMailEntry(
                    record.Id,
                    null,
                    new MailHistory { Direction = MailDirection.Incoming, From = "cust@example.test", Subject = "Big files" },
                    [
                        new NewAttachment("note.txt", "text/plain", null, false, "small"u8.ToArray()),
                        NewAttachment.FromFile("scan.tiff", "image/tiff", null, false, new SpooledContent(attachmentPath, Large)),
                    ],
                    ReadOnlyMemory<byte>.Empty), raw, CancellationToken.None);
                await work.CommitAsync(CancellationToken.None);
            }

            var entry = await journal.GetAsync(entryId, CancellationToken.None);
            Assert.Equal(["note.txt", "scan.tiff"], entry!.Mail!.Attachments.Select(a => a.FileName));
            var scan = entry.Mail.Attachments[1];
            Assert.Equal(Large, scan.Size);
            await using (var stored = await journal.OpenAttachmentAsync(scan.Id, CancellationToken.None))
            {
                Assert.Equal(await Sha256FileAsync(attachmentPath), await Sha256Async(stored!.Content));
            }

            Assert.Equal("small"u8.ToArray(), (await journal.GetAttachmentAsync(entry.Mail.Attachments[0].Id, CancellationToken.None))!.Content!.Value.ToArray());

            await using (var raw = await journal.OpenRawAsync(entryId, CancellationToken.None))
            {
                Assert.NotNull(raw);
                Assert.Equal(Large + 12345, raw.Length);
                Assert.Equal(await Sha256FileAsync(rawPath), await Sha256Async(raw));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_spooled_attachment_whose_file_changed_length_is_refused_and_nothing_of_the_entry_is_kept(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Changed file", "cust@example.test"), CancellationToken.None);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, Bytes(1000, seed: 3));
            var entry = new NewMailEntry(record.Id, null, new MailHistory { Direction = MailDirection.Incoming, Subject = "Changed file" },
                [NewAttachment.FromFile("a.bin", "application/octet-stream", null, false, new SpooledContent(path, 999))], "raw"u8.ToArray());

            await Assert.ThrowsAsync<InvalidOperationException>(() => journal.AddMailAsync(entry, CancellationToken.None));
            Assert.Empty(await journal.ListForRecordAsync(record.Id, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Opening_the_raw_message_of_an_entry_without_one_gives_null(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var journal = new JournalStore(db.Database, TimeProvider.System);

        Assert.Null(await journal.OpenRawAsync(123456, CancellationToken.None));
        Assert.Null(await journal.GetRawAsync(123456, CancellationToken.None));
    }

    /// <summary>Pseudo-random bytes (incompressible, so no layer can cheat by compressing).</summary>
    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<string> Sha256FileAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return await Sha256Async(file);
    }

    private static async Task<string> Sha256Async(Stream stream) => Convert.ToHexString(await SHA256.HashDataAsync(stream));
}
