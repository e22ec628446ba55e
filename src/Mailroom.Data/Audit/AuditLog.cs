using Dapper;

namespace Mailroom.Data.Audit;

/// <summary>
/// The audit log of who changed which account (or setting) and when. Stores write to it inside their own transaction,
/// so a change and its entry commit together. It records field names only: a secret's value never reaches it.
/// </summary>
public sealed class AuditLog(MailroomDatabase database, TimeProvider time)
{
    /// <summary>Actions written by the stores of this assembly.</summary>
    public static class Actions
    {
        public const string AccountAdded = "account.added";
        public const string AccountChanged = "account.changed";
        public const string AccountCopied = "account.copied";
        public const string AccountDeleted = "account.deleted";
        public const string PersonalAccountKept = "account.personal-kept";
        public const string PersonalVersionSaved = "account.personal-version-saved";
        public const string SettingsChanged = "settings.changed";
    }

    /// <summary>Adds an entry within the caller's unit of work: the audit line commits with the change it describes, or not at all.</summary>
    public async Task WriteAsync(
        UnitOfWork work, string actor, long? accountId, string? accountName,
        string action, IEnumerable<string> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        await work.Connection.ExecuteAsync(work.Command(
            "INSERT INTO audit_log (at, actor, account_id, account_name, action, fields) VALUES (@At, @Actor, @AccountId, @AccountName, @Action, @Fields)",
            new
            {
                At = time.GetUtcNow().ToUnixTimeMilliseconds(),
                Actor = actor,
                AccountId = accountId,
                AccountName = accountName,
                Action = action,
                Fields = string.Join(',', fields),
            },
            cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The newest entries first, optionally only those of one account.</summary>
    public Task<IReadOnlyList<AuditEntry>> ListAsync(long? accountId, int limit, CancellationToken cancellationToken) =>
        ListAsync(new AuditQuery(accountId is { } id ? [id] : null, null, limit), cancellationToken);

    /// <summary>The entries <paramref name="query"/> asks for, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        if (query.AccountIds is { Count: 0 })
        {
            return [];
        }

        var conditions = new List<string>();
        var parameters = new DynamicParameters(new { query.Limit, query.Offset });
        if (query.AccountIds is not null)
        {
            // One parameter each, spelled out: Dapper expands "IN @list" on SQLite but sends an array to Npgsql.
            var names = query.AccountIds.Select((id, i) =>
            {
                parameters.Add($"AccountId{i}", id);
                return $"@AccountId{i}";
            }).ToList();
            conditions.Add($"account_id IN ({string.Join(", ", names)})");
        }

        if (query.Since is { } since)
        {
            parameters.Add("Since", since.ToUnixTimeMilliseconds());
            conditions.Add("at >= @Since");
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT id AS Id, at AS At, actor AS Actor, account_id AS AccountId, account_name AS AccountName, action AS Action, fields AS Fields " +
            "FROM audit_log " + (conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions) + " ") + "ORDER BY id DESC LIMIT @Limit OFFSET @Offset",
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new AuditEntry(
            r.Id,
            DateTimeOffset.FromUnixTimeMilliseconds(r.At),
            r.Actor,
            r.AccountId,
            r.AccountName,
            r.Action,
            r.Fields.Length == 0 ? [] : r.Fields.Split(','))).ToList();
    }

    /// <summary>
    /// The ids of the accounts entries were written for under <paramref name="name"/> (without regard to case): the
    /// way to find the history of an account that has since been deleted or renamed.
    /// </summary>
    public async Task<IReadOnlyList<long>> AccountIdsNamedAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var pairs = await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(
            "SELECT DISTINCT account_id, account_name FROM audit_log WHERE account_id IS NOT NULL AND account_name IS NOT NULL",
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        // Compared here rather than with SQL UPPER(), which differs between SQLite (ASCII only) and PostgreSQL.
        var key = Core.Accounts.AccountValidator.NameKey(name);
        return pairs.Where(p => Core.Accounts.AccountValidator.NameKey(p.Name) == key).Select(p => p.Id).Distinct().ToList();
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public long At { get; set; }

        public string Actor { get; set; } = "";

        public long? AccountId { get; set; }

        public string? AccountName { get; set; }

        public string Action { get; set; } = "";

        public string Fields { get; set; } = "";
    }
}
