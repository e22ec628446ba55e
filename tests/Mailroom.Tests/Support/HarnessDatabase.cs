using Mailroom.Data;
using Mailroom.Testing;

namespace Mailroom.Tests.Support;

/// <summary>A fresh database for one test harness: SQLite in a new temp directory, or a new PostgreSQL database.</summary>
internal static class HarnessDatabase
{
    /// <param name="kind">sqlite or postgres.</param>
    /// <param name="label">Names the temp directory and the PostgreSQL database, so a leftover says whose it was.</param>
    public static async Task<(string Directory, MailroomDatabase Database)> OpenAsync(string kind, string label)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"mailroom-{label}-" + Guid.NewGuid().ToString("N")[..12]);
        var options = kind == "postgres"
            ? new DatabaseOptions(directory, await TestPostgres.CreateDatabaseAsync(label))
            : new DatabaseOptions(directory);
        return (directory, await MailroomDatabase.OpenAndMigrateAsync(options, CancellationToken.None));
    }
}
