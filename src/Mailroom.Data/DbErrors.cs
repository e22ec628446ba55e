using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mailroom.Data;

/// <summary>Recognises database errors the stores turn into typed exceptions, on both databases.</summary>
internal static class DbErrors
{
    /// <summary>A UNIQUE index or primary key refused a row: someone else stored the same key in the meantime.</summary>
    public static bool IsUniqueViolation(DbException exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
