using System.Security.Cryptography;
using Mailroom.Data.Monitor;

namespace Mailroom.Data.Tests.Monitor;

/// <summary>Staging keeps a downloaded message's exact bytes and their SHA-256, whatever kind of stream it came in.</summary>
public sealed class RawMessageSpoolStageTests
{
    private static readonly byte[] Message = System.Text.Encoding.ASCII.GetBytes("Junk\r\nSubject: staged\r\n\r\nbody\r\n");

    public static TheoryData<string> Sources => ["memory", "memory read from an offset", "read-only memory", "file"];

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task The_bytes_from_the_current_position_are_kept_with_their_sha256(string source)
    {
        var directory = Directory.CreateTempSubdirectory("mailroom-stage-");
        try
        {
            var spool = new RawMessageSpool(directory.FullName, TimeProvider.System);
            var skip = source == "memory read from an offset" ? 6 : 0; // a mailbox may hand over a stream past a prefix
            Stream input = source switch
            {
                "read-only memory" => new MemoryStream(Message, writable: false), // no visible buffer: copied through one
                "file" => File.Open(Path.Combine(directory.FullName, "in.eml"), FileMode.Create, FileAccess.ReadWrite),
                _ => new MemoryStream(Message.Length),
            };
            if (input.CanWrite)
            {
                await input.WriteAsync(Message);
            }

            input.Position = skip;
            var expected = Message.AsSpan(skip).ToArray();

            await using var staged = await spool.StageAsync(input, default);
            await input.DisposeAsync();

            using var copy = new MemoryStream();
            await staged.Content.CopyToAsync(copy);
            Assert.Equal(expected, copy.ToArray());
            Assert.Equal(expected.Length, staged.Size);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), staged.Digest);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
