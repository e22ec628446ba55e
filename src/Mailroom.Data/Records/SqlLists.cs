namespace Mailroom.Data.Records;

/// <summary>
/// "Column is one of these values": Dapper expands <c>IN @list</c> for SQLite, but hands Npgsql the array whole,
/// which PostgreSQL takes only as <c>= ANY(@list)</c>.
/// </summary>
internal static class SqlLists
{
    public static string In(SqlDialect dialect, string column, string parameter) =>
        dialect == SqlDialect.Postgres ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";
}
