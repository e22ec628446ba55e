using System.Data.Common;
using Dapper;

namespace Mailroom.Data;

/// <summary>
/// One open connection and the transaction on it, handed to every store that writes as part of something larger
/// (issue 16). A message is filed entirely or not at all: its record, journal entry and ledger row go through one
/// unit of work, and a group of messages shares one commit (one fsync) instead of paying one each. The stores take
/// this one object rather than a <c>(connection, transaction)</c> pair, so a caller cannot hand them a transaction
/// of another connection, and a store has one version of each write, not a second one with its own transaction.
/// </summary>
/// <remarks>
/// Opened by <see cref="MailroomDatabase.BeginAsync"/>. Disposing it without <see cref="CommitAsync"/> rolls
/// everything back and closes the connection: an exception anywhere leaves nothing half-written. Not for concurrent
/// use: a connection runs one command at a time.
/// </remarks>
public sealed class UnitOfWork : IAsyncDisposable
{
    internal UnitOfWork(DbConnection connection, DbTransaction transaction, SqlDialect dialect)
    {
        Connection = connection;
        Transaction = transaction;
        Dialect = dialect;
    }

    /// <summary>The open connection every statement of this work runs on.</summary>
    public DbConnection Connection { get; }

    /// <summary>The transaction on <see cref="Connection"/>; every command must be enlisted in it.</summary>
    public DbTransaction Transaction { get; }

    /// <summary>Which database this is, for the few statements the two spell differently.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>
    /// A Dapper command inside this work's transaction: what every store statement is, said once here rather than
    /// <c>transaction, cancellationToken: …</c> at each one.
    /// </summary>
    public CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, Transaction, cancellationToken: cancellationToken);

    /// <summary>Makes everything done in this work durable at once.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    /// <summary>
    /// Marks a point to roll back to (a SQL savepoint): the monitor saves one per message of a group, so one message
    /// that fails is undone alone and the others still share the group's commit.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a plain SQL name (letters, digits, underscores).</exception>
    public Task SaveAsync(string name, CancellationToken cancellationToken) => SavepointAsync("SAVEPOINT ", name, cancellationToken);

    /// <summary>Undoes everything since the savepoint <paramref name="name"/>; what came before it stays, uncommitted.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a plain SQL name (letters, digits, underscores).</exception>
    public Task RollbackToAsync(string name, CancellationToken cancellationToken) => SavepointAsync("ROLLBACK TO SAVEPOINT ", name, cancellationToken);

    /// <summary>Forgets the savepoint <paramref name="name"/>, keeping what was done since it (still uncommitted).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a plain SQL name (letters, digits, underscores).</exception>
    public Task ReleaseAsync(string name, CancellationToken cancellationToken) => SavepointAsync("RELEASE SAVEPOINT ", name, cancellationToken);

    // The statements run on the connection's cached commands (CachedCommands) rather than through DbTransaction.Save:
    // the monitor takes and releases a savepoint for every message, and a fresh command each time costs a compile.
    private Task SavepointAsync(string statement, string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name) || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"A savepoint name is letters, digits and underscores, starting with a letter; '{name}' is not.", nameof(name));
        }

        return Connection.ExecuteCachedAsync(Command(statement + name, null, cancellationToken));
    }

    /// <summary>Rolls back whatever was not committed and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
