using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;

namespace Mailroom.Tests.Monitor;

/// <summary>The downloaded bytes handed from the download to filing, so a fresh message is not read back from the ledger.</summary>
public sealed class ReceivedBytesTests
{
    private static StagedMessage InMemory(string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        var memory = new MemoryStream(bytes.Length);
        memory.Write(bytes);
        memory.Position = 0;
        return new StagedMessage(memory, "digest");
    }

    private static async Task<string> ReadAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Kept_bytes_come_back_once_and_whole_after_the_staged_copy_is_disposed()
    {
        var kept = new ReceivedBytes(1_000);
        var staged = InMemory("Subject: one\r\n\r\nbody\r\n");

        kept.Keep(7, staged);
        await staged.DisposeAsync();

        Assert.Equal("Subject: one\r\n\r\nbody\r\n", await ReadAsync(kept.Take(7)!));
        Assert.Null(kept.Take(7)); // a second filing of the row reads the ledger, as after a restart
        Assert.Null(kept.Take(8));
    }

    [Fact]
    public async Task Past_the_budget_nothing_more_is_kept_until_a_message_is_taken()
    {
        var kept = new ReceivedBytes(25);
        await using var first = InMemory(new string('a', 20));
        await using var second = InMemory(new string('b', 20));

        kept.Keep(1, first);
        kept.Keep(2, second);
        Assert.Null(kept.Take(2));

        Assert.NotNull(kept.Take(1));
        kept.Keep(2, second);
        Assert.Equal(new string('b', 20), await ReadAsync(kept.Take(2)!));
    }

    [Fact]
    public async Task A_message_staged_in_a_scratch_file_is_not_kept()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".eml");
        await File.WriteAllTextAsync(path, "Subject: large\r\n\r\nbody\r\n");
        await using var staged = new StagedMessage(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.DeleteOnClose), "digest");
        var kept = new ReceivedBytes(1_000_000);

        kept.Keep(3, staged);

        Assert.Null(kept.Take(3));
        Assert.Null(ReceivedBytes.None.Take(3));
    }
}
