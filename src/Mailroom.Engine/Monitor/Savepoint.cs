using System.Data.Common;
using Dapper;
using Mailroom.Data;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// The savepoint each message of a filing group is filed behind, so that one message's failure undoes only its own
/// writes. Its three statements run on the connection's cached commands (<see cref="CachedCommands"/>): taken and
/// released for every message, they cost a compile each through the transaction's own savepoint calls.
/// </summary>
internal static class Savepoint
{
    public static Task SaveAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteCachedAsync(new CommandDefinition("SAVEPOINT before_message", null, transaction, cancellationToken: cancellationToken));

    public static Task RollbackAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteCachedAsync(new CommandDefinition("ROLLBACK TO SAVEPOINT before_message", null, transaction, cancellationToken: cancellationToken));

    public static Task ReleaseAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteCachedAsync(new CommandDefinition("RELEASE SAVEPOINT before_message", null, transaction, cancellationToken: cancellationToken));
}
