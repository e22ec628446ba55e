using Mailroom.Core.Accounts;
using Mailroom.Data.Files;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Files;

/// <summary>
/// A new data directory is the owner's alone: the directory and the key ring's 0700, the database, its WAL and
/// shared-memory files and every key file 0600; a directory or file widened afterwards is reported.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryAccessTests
{
    [Fact]
    public async Task A_new_data_directory_is_0700_and_its_database_wal_shm_and_key_files_are_0600()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mailroom-modes-" + Guid.NewGuid().ToString("N")[..10], "data");
        try
        {
            await using (var store = await StoreHarness.OpenAsync(new DatabaseOptions(directory)))
            {
                store.Protector.Seal(new Secret("a password")); // makes the first key
                await using var connection = await store.Database.OpenAsync(CancellationToken.None);
                await using var write = connection.CreateCommand();
                write.CommandText = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)"; // the WAL and shared memory exist while open
                await write.ExecuteNonQueryAsync();

                var modes = new[] { "", "keys" }.Select(n => Path.Combine(directory, n)).Select(p => (p, File.GetUnixFileMode(p)))
                    .Concat(new[] { "mailroom.db", "mailroom.db-wal", "mailroom.db-shm" }.Select(n => Path.Combine(directory, n)).Select(p => (p, File.GetUnixFileMode(p))))
                    .Concat(Directory.EnumerateFiles(Path.Combine(directory, "keys")).Select(p => (p, File.GetUnixFileMode(p))))
                    .Select(e => $"{Path.GetRelativePath(directory, e.Item1)} {DataDirectoryAccess.Octal(e.Item2)}").ToList();
                Assert.Contains(modes, m => m.StartsWith("keys" + Path.DirectorySeparatorChar + "key-", StringComparison.Ordinal));
                Assert.All(modes, m => Assert.EndsWith(m.StartsWith(". ", StringComparison.Ordinal) || m.StartsWith("keys ", StringComparison.Ordinal) ? " 0700" : " 0600", m));
                Assert.Empty(DataDirectoryAccess.FindTooOpen(directory));
            }

            File.SetUnixFileMode(directory, DataDirectoryAccess.DirectoryMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(Path.Combine(directory, "mailroom.db"), DataDirectoryAccess.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var open = DataDirectoryAccess.FindTooOpen(directory).Select(f => $"{Path.GetFileName(f.Path)} {DataDirectoryAccess.Octal(f.Mode)}").ToList();
            Assert.Equal(["data 0755", "mailroom.db 0644"], open);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }
}
