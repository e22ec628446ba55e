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
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

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
            // Customer mail: the directory 0700 and the database 0600 before SQLite first opens it (its -wal and -shm
            // files take the database file's mode).
            Files.DataDirectoryAccess.CreateDirectory(options.DataDirectory);
            Files.DataDirectoryAccess.CreateFile(Path.Combine(options.DataDirectory, "mailroom.db"));
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
        pragma.CommandText = Pragmas;
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>
    /// An open connection, synchronously: only for callers behind a synchronous interface (the Data Protection key
    /// repository). Everything else uses <see cref="OpenAsync"/>.
    /// </summary>
    internal DbConnection Open()
    {
        if (_postgres is not null)
        {
            return _postgres.OpenConnection();
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = Pragmas;
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Opens a unit of work: a fresh connection with a transaction begun on it, for a caller that writes several
    /// things that must stand or fall together (a message filed with its ledger mark; a group of messages under one
    /// commit). On SQLite the transaction takes the write lock at once (BEGIN IMMEDIATE), so a read-then-write never
    /// fails on a lock upgrade. Dispose it; without <see cref="UnitOfWork.CommitAsync"/> nothing is kept.
    /// </summary>
    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new UnitOfWork(connection, transaction, Dialect);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one unit of work (<see cref="BeginAsync"/>) and commits it; any exception rolls
    /// it back, so nothing is half-written.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<UnitOfWork, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var unit = await BeginAsync(cancellationToken).ConfigureAwait(false);
        var result = await work(unit).ConfigureAwait(false);
        await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync().ConfigureAwait(false);
        }
    }
}
