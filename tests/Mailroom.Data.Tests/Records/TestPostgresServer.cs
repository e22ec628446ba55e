namespace Mailroom.Data.Tests.Records;

/// <summary>
/// Where the PostgreSQL tests get their server: <c>MAILROOM_TEST_POSTGRES</c> (an Npgsql connection string to a
/// database the tests may create databases from). Interim until the shared fixture in tests/Mailroom.Testing lands.
/// A missing server fails the tests rather than skipping them.
/// </summary>
internal static class TestPostgresServer
{
    public static Task<string> AdminConnectionStringAsync()
    {
        var value = Environment.GetEnvironmentVariable("MAILROOM_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException("No PostgreSQL for the tests: set MAILROOM_TEST_POSTGRES to an Npgsql connection string (scripts/postgres start prints one).");
        }

        return Task.FromResult(value);
    }
}
