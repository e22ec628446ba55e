using System.Text;
using Dapper;
using Mailroom.Testing;
using Npgsql;

namespace Mailroom.Data.Tests.Support;

/// <summary>
/// Where a storage test runs: a fresh SQLite data directory or a fresh PostgreSQL database. The same test classes run
/// against both through a derived class each.
/// </summary>
public abstract class StorageTarget : IAsyncDisposable
{
    public abstract DatabaseOptions Options { get; }

    /// <summary>Every place <paramref name="needle"/>'s bytes were found (UTF-8, UTF-16, base64, hex), for the secret tests.</summary>
    public abstract Task<IReadOnlyList<string>> FindEverywhereAsync(string needle);

    public abstract ValueTask DisposeAsync();

    internal static IEnumerable<(string Encoding, byte[] Bytes)> Needles(string secret)
    {
        var utf8 = Encoding.UTF8.GetBytes(secret);
        yield return ("utf-8", utf8);
        yield return ("utf-16", Encoding.Unicode.GetBytes(secret));
        yield return ("base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(utf8)));
        yield return ("hex", Encoding.ASCII.GetBytes(Convert.ToHexString(utf8).ToLowerInvariant()));
    }
}

/// <summary>A fresh temporary data directory with the SQLite database and key ring in it.</summary>
public sealed class SqliteTarget : StorageTarget
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mailroom-data-test-").FullName;

    public override DatabaseOptions Options => new(_directory);

    public override Task<IReadOnlyList<string>> FindEverywhereAsync(string needle)
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories))
        {
            var content = File.ReadAllBytes(file);
            foreach (var (encoding, bytes) in Needles(needle))
            {
                if (content.AsSpan().IndexOf(bytes) >= 0)
                {
                    found.Add($"{Path.GetRelativePath(_directory, file)} ({encoding})");
                }
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(found);
    }

    public override ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A fresh PostgreSQL database from scripts/postgres (fails, never skips, when the server cannot be had).</summary>
public sealed class PostgresTarget : StorageTarget
{
    private PostgresTarget(string connectionString) => Options = new DatabaseOptions(Directory.CreateTempSubdirectory("mailroom-pg-test-").FullName, connectionString);

    public override DatabaseOptions Options { get; }

    public static async Task<PostgresTarget> CreateAsync(string prefix) =>
        new(await TestPostgres.CreateDatabaseAsync(prefix));

    /// <summary>Dumps every row of every table as text (bytea as hex) and searches it.</summary>
    public override async Task<IReadOnlyList<string>> FindEverywhereAsync(string needle)
    {
        await using var connection = new NpgsqlConnection(Options.PostgresConnectionString);
        await connection.OpenAsync();
        var tables = await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        var found = new List<string>();
        foreach (var table in tables)
        {
            var rows = await connection.QueryAsync<string>($"SELECT t::text FROM \"{table}\" t");
            var dump = Encoding.UTF8.GetBytes(string.Join('\n', rows));
            foreach (var (encoding, bytes) in Needles(needle))
            {
                if (dump.AsSpan().IndexOf(bytes) >= 0)
                {
                    found.Add($"{table} ({encoding})");
                }
            }
        }

        return found;
    }

    public override ValueTask DisposeAsync()
    {
        Directory.Delete(Options.DataDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
