namespace Mailroom.Data;

/// <summary>
/// The database's own clock as SQL, in Unix milliseconds. Claims that several nodes compare (who renews a token,
/// who holds a lease) use it, so nodes whose clocks disagree still agree on whose claim ran out.
/// </summary>
internal static class DatabaseClock
{
    public static string NowSql(SqlDialect dialect) => dialect == SqlDialect.Postgres
        ? "(CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT))"
        : "(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))";
}
