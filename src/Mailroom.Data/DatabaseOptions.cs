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
    /// <summary>
    /// A PKCS#12 file whose certificate encrypts the Data Protection key ring at rest, or null (the key ring is kept
    /// unencrypted). From <c>MAILROOM_KEYS_CERTIFICATE</c>; its password only ever from the environment
    /// (<see cref="Secrets.KeyRingCertificate.PasswordVariable"/>).
    /// </summary>
    public string? KeyCertificateFile { get; init; }

    /// <summary>
    /// The installation's clock: the database stamps its migrations with it, and
    /// <see cref="MailroomDataServices.AddMailroomData"/> registers it as the one <see cref="System.TimeProvider"/> every
    /// store, worker and page reads. The system clock unless a test gives a fake one here, so that one seam moves
    /// every clock at once.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public SqlDialect Dialect => string.IsNullOrWhiteSpace(PostgresConnectionString) ? SqlDialect.Sqlite : SqlDialect.Postgres;

    /// <summary>Reads <c>MAILROOM_DATA_DIR</c>, <c>MAILROOM_DATABASE</c> and <c>MAILROOM_KEYS_CERTIFICATE</c>, letting explicit values win.</summary>
    public static DatabaseOptions FromEnvironment(string? dataDirectory = null, string? database = null) => new(
        dataDirectory ?? NonEmpty(Environment.GetEnvironmentVariable("MAILROOM_DATA_DIR")) ?? "./data",
        database ?? NonEmpty(Environment.GetEnvironmentVariable("MAILROOM_DATABASE")))
    {
        KeyCertificateFile = NonEmpty(Environment.GetEnvironmentVariable(Secrets.KeyRingCertificate.FileVariable)),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
