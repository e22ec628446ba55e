using Dapper;

namespace Mailroom.Data.Monitor;

/// <summary>Monitors, their items and skip rules, their status, and the per-folder checkpoints.</summary>
public sealed partial class MonitorStore(MailroomDatabase database, TimeProvider timeProvider)
{
    /// <summary>Every column of a monitor with its default customer's address, from <see cref="MonitorFrom"/>.</summary>
    private const string MonitorColumns = """
        m.id AS Id, m.account_id AS AccountId, m.folder AS Folder, m.interval_seconds AS IntervalSeconds, m.enabled AS Enabled,
        m.post_action AS PostAction, m.default_item AS DefaultItem, m.default_customer_id AS DefaultCustomerId,
        c.address AS DefaultCustomerAddress, m.created_at AS CreatedAt, m.updated_at AS UpdatedAt,
        m.last_check_at AS LastCheckAt, m.last_error AS LastError, m.last_error_at AS LastErrorAt,
        m.fetched_total AS FetchedTotal, m.filed_existing_total AS FiledExistingTotal, m.new_records_total AS NewRecordsTotal,
        m.skipped_total AS SkippedTotal, m.not_handled_total AS NotHandledTotal
        """;

    private const string MonitorFrom = "monitors m LEFT JOIN customers c ON c.id = m.default_customer_id";

    public MailroomDatabase Database => database;

    public async Task<MonitorSettings?> FindByAccountAsync(long accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<MonitorSettings>(new CommandDefinition(
            $"SELECT {MonitorColumns} FROM {MonitorFrom} WHERE m.account_id = @accountId", new { accountId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<MonitorSettings>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<MonitorSettings>(new CommandDefinition(
            $"SELECT {MonitorColumns} FROM {MonitorFrom} ORDER BY m.account_id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>
    /// Creates the account's monitor or updates its settings (status and totals are left alone). The UNIQUE index on
    /// the account makes a concurrent second creation fail rather than produce two monitors.
    /// </summary>
    public async Task<MonitorSettings> SaveAsync(MonitorSettings settings, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var work = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        var existing = await work.Connection.ExecuteScalarAsync<long?>(work.Command(
            "SELECT id FROM monitors WHERE account_id = @AccountId", settings, cancellationToken)).ConfigureAwait(false);
        if (existing is null)
        {
            await work.Connection.ExecuteAsync(work.Command("""
                INSERT INTO monitors (account_id, folder, interval_seconds, enabled, post_action, default_item, default_customer_id, created_at, updated_at)
                VALUES (@AccountId, @Folder, @IntervalSeconds, @Enabled, @PostAction, @DefaultItem, @DefaultCustomerId, @now, @now)
                """, new { settings.AccountId, settings.Folder, settings.IntervalSeconds, settings.Enabled, settings.PostAction, settings.DefaultItem, settings.DefaultCustomerId, now },
                cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            await work.Connection.ExecuteAsync(work.Command("""
                UPDATE monitors SET folder = @Folder, interval_seconds = @IntervalSeconds, enabled = @Enabled,
                    post_action = @PostAction, default_item = @DefaultItem, default_customer_id = @DefaultCustomerId, updated_at = @now
                WHERE account_id = @AccountId
                """, new { settings.AccountId, settings.Folder, settings.IntervalSeconds, settings.Enabled, settings.PostAction, settings.DefaultItem, settings.DefaultCustomerId, now },
                cancellationToken)).ConfigureAwait(false);
        }

        var saved = await work.Connection.QuerySingleAsync<MonitorSettings>(work.Command(
            $"SELECT {MonitorColumns} FROM {MonitorFrom} WHERE m.account_id = @AccountId", settings, cancellationToken)).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <summary>Removes the account's monitor with its items and skip rules (the ledger of received mail stays).</summary>
    public async Task<bool> DeleteAsync(long accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM monitors WHERE account_id = @accountId", new { accountId }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    /// <summary>Records a check for the pages: when it ran, what it did, and the error if it failed (null clears it).</summary>
    public async Task RecordCheckAsync(long accountId, MonitorCheckCounts counts, string? error, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE monitors SET last_check_at = @now,
                last_error = @error, last_error_at = CASE WHEN @error IS NULL THEN last_error_at ELSE @now END,
                fetched_total = fetched_total + @Fetched, filed_existing_total = filed_existing_total + @FiledExisting,
                new_records_total = new_records_total + @NewRecords, skipped_total = skipped_total + @Skipped,
                not_handled_total = not_handled_total + @NotHandled
            WHERE account_id = @accountId
            """, new { now, error, accountId, counts.Fetched, counts.FiledExisting, counts.NewRecords, counts.Skipped, counts.NotHandled },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<string?> GetCheckpointAsync(long accountId, string folder, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT checkpoint FROM monitor_checkpoints WHERE account_id = @accountId AND folder_key = @folderKey",
            new { accountId, folderKey = FolderKey(folder) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task SetCheckpointAsync(long accountId, string folder, string? checkpoint, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO monitor_checkpoints (account_id, folder_key, checkpoint, updated_at) VALUES (@accountId, @folderKey, @checkpoint, @now)
            ON CONFLICT (account_id, folder_key) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = excluded.updated_at
            """, new { accountId, folderKey = FolderKey(folder), checkpoint, now }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Folders are matched without regard to case (<c>Inbox</c> is <c>INBOX</c>).</summary>
    public static string FolderKey(string folder) => folder.Trim().ToUpperInvariant();

    internal static async Task<long> NextPositionAsync(UnitOfWork work, string table, long monitorId, CancellationToken cancellationToken) =>
        await work.Connection.ExecuteScalarAsync<long>(work.Command(
            $"SELECT COALESCE(MAX(position), 0) + 1 FROM {table} WHERE monitor_id = @monitorId", new { monitorId },
            cancellationToken)).ConfigureAwait(false);
}
