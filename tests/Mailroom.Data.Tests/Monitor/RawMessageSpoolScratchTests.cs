using Mailroom.Data.Monitor;

namespace Mailroom.Data.Tests.Monitor;

/// <summary>Scratch files a killed process left behind are swept; those in use are not.</summary>
public sealed class RawMessageSpoolScratchTests
{
    [Fact]
    public void The_first_scratch_file_a_process_asks_for_sweeps_leftovers_older_than_a_day_and_keeps_recent_ones()
    {
        var directory = Directory.CreateTempSubdirectory("mailroom-scratch-");
        try
        {
            var scratch = Path.Combine(directory.FullName, "mail", "scratch");
            Directory.CreateDirectory(scratch);
            var leftover = Path.Combine(scratch, "old.attachment");
            var recent = Path.Combine(scratch, "recent.eml");
            File.WriteAllText(leftover, "from a killed process");
            File.WriteAllText(recent, "being read right now");
            File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddDays(-2));
            File.SetLastWriteTimeUtc(recent, DateTime.UtcNow.AddHours(-2));

            var path = new RawMessageSpool(directory.FullName, TimeProvider.System).NewScratchPath(".attachment");

            Assert.False(File.Exists(leftover));
            Assert.True(File.Exists(recent));
            Assert.Equal(scratch, Path.GetDirectoryName(path));
            Assert.EndsWith(".attachment", path, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
