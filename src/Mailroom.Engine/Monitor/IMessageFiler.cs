using System.Data.Common;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Files one parsed message: built-in checks, skip rules, finding the record, the items and their actions. It writes
/// only through <paramref name="connection"/> and <paramref name="transaction"/>, which the engine commits together
/// with the ledger, so a message is filed entirely or not at all. Throwing sets the message aside as not handled
/// (the engine rolls back to a savepoint taken just before this call).
/// </summary>
internal interface IMessageFiler
{
    Task<FilingResult> FileAsync(FilingRequest request, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);
}
