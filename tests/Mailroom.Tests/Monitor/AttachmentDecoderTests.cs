using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using MimeKit;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Decoding attachments for import: exact bytes, the size limit enforced while decoding, small files in memory within
/// a budget per message, the rest in scratch files deleted afterwards.
/// </summary>
public sealed class AttachmentDecoderTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mailroom-decoder-");

    private string Scratch => Path.Combine(_directory.FullName, "mail", "scratch");

    [Fact]
    public async Task A_file_of_exactly_the_limit_is_kept_and_one_byte_more_is_refused_leaving_no_file()
    {
        var spool = new RawMessageSpool(_directory.FullName, TimeProvider.System);
        var exact = Bytes(300_000, 1);
        var over = Bytes(300_001, 2);
        await using var decoder = new AttachmentDecoder(spool);

        var kept = await decoder.DecodeAsync(Part(exact), "exact.bin", null, false, 300_000, CancellationToken.None);
        var refused = await decoder.DecodeAsync(Part(over), "over.bin", null, false, 300_000, CancellationToken.None);

        Assert.NotNull(kept);
        Assert.Equal(exact.Length, kept.Size);
        Assert.Equal(exact, await File.ReadAllBytesAsync(kept.Spooled!.Path)); // above the memory size: on disk
        Assert.Null(refused);
        Assert.Single(Directory.EnumerateFiles(Scratch)); // only the kept one
    }

    [Fact]
    public async Task Small_files_stay_in_memory_until_the_message_budget_is_spent_then_go_to_disk_and_the_files_go_when_done()
    {
        var spool = new RawMessageSpool(_directory.FullName, TimeProvider.System);
        var files = Enumerable.Range(0, 30).Select(i => Bytes(200 * 1024, i)).ToList();
        var decoded = new List<Core.Records.NewAttachment>();
        await using (var decoder = new AttachmentDecoder(spool))
        {
            foreach (var file in files)
            {
                decoded.Add((await decoder.DecodeAsync(Part(file), "f.bin", null, false, long.MaxValue, CancellationToken.None))!);
            }

            var inMemory = (int)(AttachmentDecoder.MemoryBytesPerMessage / (200 * 1024));
            Assert.All(decoded.Take(inMemory), a => Assert.Null(a.Spooled));
            Assert.All(decoded.Skip(inMemory), a => Assert.NotNull(a.Spooled));
            for (var i = 0; i < files.Count; i++)
            {
                Assert.Equal(files[i], decoded[i].Spooled is { } s ? await File.ReadAllBytesAsync(s.Path) : decoded[i].Content.ToArray());
            }
        }

        Assert.Empty(Directory.EnumerateFiles(Scratch));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static MimePart Part(byte[] content)
    {
        // Encoded and read back, as a part parsed from a received message is.
        var part = new MimePart("application", "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(content)),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "file.bin",
        };
        using var raw = new MemoryStream();
        part.WriteTo(raw);
        raw.Position = 0;
        return (MimePart)MimeEntity.Load(raw);
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
