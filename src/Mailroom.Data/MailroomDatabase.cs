using System.Data.Common;
using Mailroom.Data.Migrations;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mailroom.Data;

/// <summary>
/// The database Mailroom keeps its state in: SQLite in the data directory by default, PostgreSQL when a connection
/// string is given. Stores open a connection per unit of work; pooling makes that cheap on both.
/// </summary>
public sealed class MailroomDatabase : IAsyncDisposable
{
    private readonly string _sqliteConnectionString = "";
    private readonly NpgsqlDataSource? _postgres;

    private MailroomDatabase(DatabaseOptions options)
    {
        Options = options;
        if (options.Dialect == SqlDialect.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(options.PostgresConnectionString!);
        }
        else
        {
            Directory.CreateDirectory(options.DataDirectory);
            _sqliteConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(options.DataDirectory, "mailroom.db"),
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
        }
    }

    public DatabaseOptions Options { get; }

    public SqlDialect Dialect => Options.Dialect;

    /// <summary>Opens the database and applies any migration not yet applied.</summary>
    public static async Task<MailroomDatabase> OpenAndMigrateAsync(DatabaseOptions options, CancellationToken cancellationToken)
    {
        var database = new MailroomDatabase(options);
        try
        {
            await MigrationRunner.ApplyAsync(database, cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>An open connection. On SQLite: WAL journal, foreign keys on, and a busy timeout so writers queue.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync().ConfigureAwait(false);
        }
    }
}
