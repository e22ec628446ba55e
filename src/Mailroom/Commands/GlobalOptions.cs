using System.CommandLine;
using Mailroom.Data;

namespace Mailroom.Commands;

/// <summary>Options every command takes, wherever they appear on the line.</summary>
internal static class GlobalOptions
{
    public static Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "The data directory (SQLite database and key ring). Default: $MAILROOM_DATA_DIR, else ./data",
        Recursive = true,
    };

    public static Option<string?> Database { get; } = new("--database")
    {
        Description = "An Npgsql connection string: use PostgreSQL instead of SQLite. Default: $MAILROOM_DATABASE",
        Recursive = true,
    };

    public static void AddTo(Command root)
    {
        root.Options.Add(DataDirectory);
        root.Options.Add(Database);
    }

    public static DatabaseOptions ToDatabaseOptions(ParseResult parseResult) =>
        DatabaseOptions.FromEnvironment(parseResult.GetValue(DataDirectory), parseResult.GetValue(Database));
}
