namespace Mailroom.Data;

/// <summary>Where Mailroom keeps its data.</summary>
/// <param name="DataDirectory">
/// Holds the SQLite database and, on SQLite, the Data Protection key ring. Default <c>./data</c>,
/// or <c>MAILROOM_DATA_DIR</c>.
/// </param>
/// <param name="PostgresConnectionString">
/// An Npgsql connection string (<c>--database</c> or <c>MAILROOM_DATABASE</c>); when set, PostgreSQL is used and the
/// key ring lives in the database so that every node unseals every secret.
/// </param>
public sealed record DatabaseOptions(string DataDirectory, string? PostgresConnectionString = null)
{
    public SqlDialect Dialect => string.IsNullOrWhiteSpace(PostgresConnectionString) ? SqlDialect.Sqlite : SqlDialect.Postgres;

    /// <summary>Reads <c>MAILROOM_DATA_DIR</c> and <c>MAILROOM_DATABASE</c>, letting explicit values win.</summary>
    public static DatabaseOptions FromEnvironment(string? dataDirectory = null, string? database = null) => new(
        dataDirectory ?? NonEmpty(Environment.GetEnvironmentVariable("MAILROOM_DATA_DIR")) ?? "./data",
        database ?? NonEmpty(Environment.GetEnvironmentVariable("MAILROOM_DATABASE")));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
