using System.Data.Common;
using Dapper;

namespace Mailroom.Data.Records;

/// <summary>
/// Numbers that never repeat, even when several nodes take them at once: a single row per counter, bumped with
/// <c>UPDATE … RETURNING</c> inside the caller's transaction (SQLite 3.35+ and PostgreSQL). The row is locked until
/// that transaction ends, so two transactions can never read the same value, and a rolled-back transaction gives
/// its number back only in the sense that nobody ever saw it.
/// </summary>
public static class Counters
{
    /// <summary>Record numbers, the ones people quote.</summary>
    public const string RecordNumber = "record_number";

    /// <summary>The number part of Conversation IDs.</summary>
    public const string ConversationId = "conversation_id";

    /// <summary>
    /// The next value of <paramref name="name"/> in a short transaction of its own, committed at once. For a caller
    /// whose own transaction runs long on PostgreSQL (the monitor files a group of messages in one): taking the number
    /// inside it would hold the counter's row lock until that commit, and every node's filing would wait in line
    /// behind it (measured in bench/nodes). The number is spent even if the caller then rolls back: numbers may skip,
    /// never repeat. Not for SQLite, whose single writer would wait here for the caller's own transaction. The one
    /// statement runs on its own, without BEGIN and COMMIT: a statement outside a transaction is committed when it
    /// ends, so this is one round trip instead of three.
    /// </summary>
    public static async Task<long> NextCommittedAsync(MailroomDatabase database, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await TakeAsync(connection, null, name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next value of <paramref name="name"/>, inside <paramref name="work"/>.</summary>
    /// <exception cref="InvalidOperationException">The counter does not exist (a migration is missing).</exception>
    public static Task<long> NextAsync(UnitOfWork work, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return TakeAsync(work.Connection, work.Transaction, name, cancellationToken);
    }

    // Inside the caller's transaction, or (null) a statement of its own, committed when it ends.
    private static async Task<long> TakeAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        var value = await connection.ExecuteScalarCachedAsync<long?>(new CommandDefinition(
            "UPDATE counters SET value = value + 1 WHERE name = @name RETURNING value",
            new { name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return value ?? throw new InvalidOperationException($"The counter '{name}' does not exist; the database was not migrated.");
    }
}
