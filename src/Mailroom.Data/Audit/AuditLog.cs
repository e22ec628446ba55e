using System.Data.Common;
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

    /// <summary>Adds an entry within the caller's transaction.</summary>
    public async Task WriteAsync(
        DbConnection connection, DbTransaction transaction, string actor, long? accountId, string? accountName,
        string action, IEnumerable<string> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        await connection.ExecuteAsync(new CommandDefinition(
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
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The newest entries first, optionally only those of one account.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(long? accountId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT id AS Id, at AS At, actor AS Actor, account_id AS AccountId, account_name AS AccountName, action AS Action, fields AS Fields " +
            "FROM audit_log " + (accountId is null ? "" : "WHERE account_id = @AccountId ") + "ORDER BY id DESC LIMIT @Limit",
            new { AccountId = accountId, Limit = limit },
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
