using Mailroom.Data;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// The savepoint each message of a filing group is filed behind, so that one message's failure undoes only its own
/// writes. Its statements run on the connection's cached commands (<see cref="UnitOfWork.SaveAsync"/>): taken for
/// every message, they cost a compile each through the transaction's own savepoint calls. A savepoint is never
/// released: the group's commit ends them all (both databases nest savepoints of one name, and a rollback goes to the
/// newest), which saves a statement, on PostgreSQL a round trip, for every message.
/// </summary>
internal static class Savepoint
{
    private const string Name = "before_message";

    public static Task SaveAsync(UnitOfWork work, CancellationToken cancellationToken) => work.SaveAsync(Name, cancellationToken);

    public static Task RollbackAsync(UnitOfWork work, CancellationToken cancellationToken) => work.RollbackToAsync(Name, cancellationToken);
}
