using Dapper;
using Mailroom.Core.Records;

namespace Mailroom.Data.Records;

/// <summary>
/// The desk's workflow: a status change or an assignment changes the record and writes a journal entry saying who
/// did what, in one transaction, so the journal never disagrees with the record.
/// </summary>
public sealed partial class RecordStore
{
    /// <summary>Sets the status; null when there is no such record. Setting the status it has writes nothing.</summary>
    /// <param name="id">The record's id.</param>
    /// <param name="status">The new status.</param>
    /// <param name="author">Who changed it, as the journal shows it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public Task<Record?> ChangeStatusAsync(long id, RecordStatus status, string author, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async work =>
        {
            var before = await GetAsync(work, id, cancellationToken).ConfigureAwait(false);
            if (before is null || before.Status == status)
            {
                return before;
            }

            await work.Connection.ExecuteAsync(work.Command(
                "UPDATE records SET status = @status, updated_at = @now WHERE id = @id",
                new { id, status = EnumText.Of(status), now = NowMs }, cancellationToken)).ConfigureAwait(false);
            await AddEntryAsync(work, id, JournalEntryKind.Change, $"Status changed from {EnumText.Of(before.Status)} to {EnumText.Of(status)}.", author, cancellationToken).ConfigureAwait(false);
            return await GetAsync(work, id, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Assigns the record to <paramref name="assignee"/> (an address), or to nobody when null; null when there is no such record.</summary>
    /// <param name="id">The record's id.</param>
    /// <param name="assignee">The agent's address, or null.</param>
    /// <param name="author">Who assigned it, as the journal shows it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public Task<Record?> AssignAsync(long id, string? assignee, string author, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async work =>
        {
            var before = await GetAsync(work, id, cancellationToken).ConfigureAwait(false);
            if (before is null || string.Equals(before.Assignee, assignee, StringComparison.OrdinalIgnoreCase))
            {
                return before;
            }

            await work.Connection.ExecuteAsync(work.Command(
                "UPDATE records SET assignee = @assignee, assignee_key = @key, updated_at = @now WHERE id = @id",
                new { id, assignee, key = assignee?.ToUpperInvariant(), now = NowMs }, cancellationToken)).ConfigureAwait(false);
            var text = assignee is null
                ? $"Unassigned (was {before.Assignee})."
                : before.Assignee is null ? $"Assigned to {assignee}." : $"Assigned to {assignee} (was {before.Assignee}).";
            await AddEntryAsync(work, id, JournalEntryKind.Change, text, author, cancellationToken).ConfigureAwait(false);
            return await GetAsync(work, id, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Adds an internal note (never mailed) to the record's journal; null when there is no such record, else the entry id.</summary>
    public Task<long?> AddNoteAsync(long id, string text, string author, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async work =>
        {
            if (await GetAsync(work, id, cancellationToken).ConfigureAwait(false) is null)
            {
                return (long?)null;
            }

            await work.Connection.ExecuteAsync(work.Command(
                "UPDATE records SET updated_at = @now WHERE id = @id", new { id, now = NowMs }, cancellationToken)).ConfigureAwait(false);
            return await AddEntryAsync(work, id, JournalEntryKind.Note, text, author, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Un-assigns every record assigned to <paramref name="assignee"/> (a deleted user), with a journal entry on each.</summary>
    public Task<int> UnassignAllAsync(string assignee, string author, CancellationToken cancellationToken) =>
        database.InTransactionAsync(async work =>
        {
            var ids = (await work.Connection.QueryAsync<long>(work.Command(
                "SELECT id FROM records WHERE assignee_key = @key", new { key = assignee.ToUpperInvariant() }, cancellationToken)).ConfigureAwait(false)).ToList();
            foreach (var id in ids)
            {
                await work.Connection.ExecuteAsync(work.Command(
                    "UPDATE records SET assignee = NULL, assignee_key = NULL, updated_at = @now WHERE id = @id",
                    new { id, now = NowMs }, cancellationToken)).ConfigureAwait(false);
                await AddEntryAsync(work, id, JournalEntryKind.Change, $"Unassigned (was {assignee}, whose user was deleted).", author, cancellationToken).ConfigureAwait(false);
            }

            return ids.Count;
        }, cancellationToken);

    /// <summary>As <see cref="ChangeStatusAsync(long, RecordStatus, string, CancellationToken)"/> inside the caller's unit of work (the monitor reopens a record a reply came in for).</summary>
    public async Task<Record?> ChangeStatusAsync(UnitOfWork work, long id, RecordStatus status, string author, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var before = await GetAsync(work, id, cancellationToken).ConfigureAwait(false);
        if (before is null || before.Status == status)
        {
            return before;
        }

        await work.Connection.ExecuteAsync(work.Command(
            "UPDATE records SET status = @status, updated_at = @now WHERE id = @id",
            new { id, status = EnumText.Of(status), now = NowMs }, cancellationToken)).ConfigureAwait(false);
        await AddEntryAsync(work, id, JournalEntryKind.Change, $"Status changed from {EnumText.Of(before.Status)} to {EnumText.Of(status)}: {reason}", author, cancellationToken).ConfigureAwait(false);
        return await GetAsync(work, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The record as the caller's unit of work sees it (the monitor reads what it just filed), or null.</summary>
    public Task<Record?> GetInTransactionAsync(UnitOfWork work, long id, CancellationToken cancellationToken) =>
        GetAsync(work, id, cancellationToken);

    /// <summary>Writes a change entry (who did what, never mailed) on the record inside the caller's unit of work; returns its id.</summary>
    public Task<long> AddChangeAsync(UnitOfWork work, long id, string text, string author, CancellationToken cancellationToken) =>
        AddEntryAsync(work, id, JournalEntryKind.Change, text, author, cancellationToken);

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<long> AddEntryAsync(UnitOfWork work, long recordId, JournalEntryKind kind, string text, string author, CancellationToken cancellationToken) =>
        await work.Connection.ExecuteScalarAsync<long>(work.Command(
            """
            INSERT INTO journal_entries (record_id, customer_id, kind, created_at, text, author, needs_attention, attention_reason)
            VALUES (@recordId, NULL, @kind, @now, @text, @author, @attention, NULL) RETURNING id
            """,
            new { recordId, kind = EnumText.Of(kind), now = NowMs, text, author, attention = false }, cancellationToken)).ConfigureAwait(false);
}
