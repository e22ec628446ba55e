namespace Mailroom.Data;

/// <summary>The two databases Mailroom runs on.</summary>
public enum SqlDialect
{
    /// <summary>The embedded default: one file in the data directory, WAL mode.</summary>
    Sqlite,

    /// <summary>For several nodes sharing the work.</summary>
    Postgres,
}
