namespace Mailroom.Engine.Monitor;

/// <summary>
/// Files one parsed message: built-in checks, skip rules, finding the record, the items and their actions. It writes
/// only through the unit of work it is given, which the engine commits together with the ledger, so a message is
/// filed entirely or not at all. Throwing sets the message aside as not handled, and so does a
/// <see cref="Data.Monitor.MessageOutcome.NotHandled"/> result: either way the engine rolls back to a savepoint taken
/// just before this call, so whatever the filer wrote for that message (an item's actions before the one that failed)
/// is undone without a savepoint of the filer's own.
/// </summary>
internal interface IMessageFiler
{
    /// <summary>Reads what every message of one check shares (prefix, items, skip rules): once per check, not per message.</summary>
    Task<FilingContext> PrepareAsync(Data.Monitor.MonitorSettings monitor, CancellationToken cancellationToken);

    Task<FilingResult> FileAsync(FilingRequest request, Data.UnitOfWork work, CancellationToken cancellationToken);
}
