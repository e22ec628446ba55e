using Dapper;

namespace Mailroom.Data.Monitor;

/// <summary>The administrator's items (between Skip and Default) and the Skip item's rules.</summary>
public sealed partial class MonitorStore
{
    private const string ItemColumns = "id AS Id, monitor_id AS MonitorId, position AS Position, name AS Name, definition AS Definition";

    public async Task<IReadOnlyList<MonitorItemRow>> ListItemsAsync(long monitorId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<MonitorItemRow>(new CommandDefinition(
            $"SELECT {ItemColumns} FROM monitor_items WHERE monitor_id = @monitorId ORDER BY position, id", new { monitorId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>True when another item of the monitor already has this name (without regard to case).</summary>
    public async Task<bool> ItemNameTakenAsync(long monitorId, string name, long? exceptId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM monitor_items WHERE monitor_id = @monitorId AND name_key = @key AND id <> @except",
            new { monitorId, key = name.Trim().ToUpperInvariant(), except = exceptId ?? 0 }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    /// <summary>Adds an item at <paramref name="position"/> (1-based among the administrator's items; null: last).</summary>
    public async Task<MonitorItemRow> AddItemAsync(long monitorId, string name, string definition, int? position, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        var last = await NextPositionAsync(work, "monitor_items", monitorId, cancellationToken).ConfigureAwait(false);
        var at = position is { } p && p >= 1 && p < last ? p : last;
        await work.Connection.ExecuteAsync(work.Command(
            "UPDATE monitor_items SET position = position + 1 WHERE monitor_id = @monitorId AND position >= @at",
            new { monitorId, at }, cancellationToken)).ConfigureAwait(false);
        await work.Connection.ExecuteAsync(work.Command(
            "INSERT INTO monitor_items (monitor_id, position, name, name_key, definition) VALUES (@monitorId, @at, @name, @key, @definition)",
            new { monitorId, at, name = name.Trim(), key = name.Trim().ToUpperInvariant(), definition }, cancellationToken)).ConfigureAwait(false);
        var row = await work.Connection.QuerySingleAsync<MonitorItemRow>(work.Command(
            $"SELECT {ItemColumns} FROM monitor_items WHERE monitor_id = @monitorId AND position = @at", new { monitorId, at },
            cancellationToken)).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return row;
    }

    public async Task<bool> UpdateItemAsync(long monitorId, long itemId, string name, string definition, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE monitor_items SET name = @name, name_key = @key, definition = @definition WHERE id = @itemId AND monitor_id = @monitorId",
            new { monitorId, itemId, name = name.Trim(), key = name.Trim().ToUpperInvariant(), definition }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    /// <summary>Moves an item to <paramref name="position"/> (1-based, clamped to the list), shifting the others.</summary>
    public async Task<bool> MoveItemAsync(long monitorId, long itemId, int position, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken).ConfigureAwait(false);
        var ids = (await work.Connection.QueryAsync<long>(work.Command(
            "SELECT id FROM monitor_items WHERE monitor_id = @monitorId ORDER BY position, id", new { monitorId },
            cancellationToken)).ConfigureAwait(false)).AsList();
        if (!ids.Remove(itemId))
        {
            return false;
        }

        ids.Insert(Math.Clamp(position, 1, ids.Count + 1) - 1, itemId);
        for (var i = 0; i < ids.Count; i++)
        {
            await work.Connection.ExecuteAsync(work.Command(
                "UPDATE monitor_items SET position = @position WHERE id = @id", new { position = i + 1, id = ids[i] },
                cancellationToken)).ConfigureAwait(false);
        }

        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> DeleteItemAsync(long monitorId, long itemId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM monitor_items WHERE id = @itemId AND monitor_id = @monitorId", new { monitorId, itemId },
            cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<SkipRuleRow>> ListSkipRulesAsync(long monitorId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SkipRuleRow>(new CommandDefinition(
            "SELECT id AS Id, monitor_id AS MonitorId, definition AS Definition FROM monitor_skip_rules WHERE monitor_id = @monitorId ORDER BY id",
            new { monitorId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<SkipRuleRow> AddSkipRuleAsync(long monitorId, string definition, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO monitor_skip_rules (monitor_id, definition) VALUES (@monitorId, @definition) RETURNING id",
            new { monitorId, definition }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new SkipRuleRow { Id = id, MonitorId = monitorId, Definition = definition };
    }

    public async Task<bool> DeleteSkipRuleAsync(long monitorId, long ruleId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM monitor_skip_rules WHERE id = @ruleId AND monitor_id = @monitorId", new { monitorId, ruleId },
            cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }
}
