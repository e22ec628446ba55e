using System.Data.Common;
using System.Globalization;
using Dapper;
using Mailroom.Core.Records;
using Mailroom.Core.Validation;

namespace Mailroom.Data.Records;

/// <summary>Records (Incidents and any later type): create, read, list, change.</summary>
public sealed partial class RecordStore(MailroomDatabase database, TimeProvider timeProvider)
{
    /// <summary>The longest subject a record keeps.</summary>
    public const int MaxSubjectLength = 500;

    private readonly TimeProvider _time = timeProvider;
    private readonly CustomerStore _customers = new(database, timeProvider);

    /// <summary>Creates a record with the next number; the requester becomes a customer if not yet one.</summary>
    /// <exception cref="ValidationException">Subject empty, too long or multi-line; requester not an e-mail address.</exception>
    public Task<Record> CreateAsync(NewRecord record, CancellationToken cancellationToken) =>
        database.InTransactionAsync(work => CreateAsync(work, record, cancellationToken), cancellationToken);

    /// <summary>As <see cref="CreateAsync(NewRecord, CancellationToken)"/>, inside the caller's unit of work (the monitor files a new request this way).</summary>
    public async Task<Record> CreateAsync(UnitOfWork work, NewRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        Validate(record);
        Customer? requester = null;
        if (!string.IsNullOrWhiteSpace(record.RequesterAddress))
        {
            requester = await _customers.GetOrCreateAsync(work, record.RequesterAddress, record.RequesterName, cancellationToken).ConfigureAwait(false);
        }

        // On PostgreSQL the number is committed apart from the caller's (possibly long) transaction, so that nodes
        // filing at once do not queue on the counter's row lock; SQLite has one writer and takes it inside.
        var number = database.Dialect == SqlDialect.Postgres
            ? await Counters.NextCommittedAsync(database, Counters.RecordNumber, cancellationToken).ConfigureAwait(false)
            : await Counters.NextAsync(work, Counters.RecordNumber, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var subject = record.Subject.Trim();
        var id = await work.Connection.ExecuteScalarCachedAsync<long>(work.Command(
            """
            INSERT INTO records (record_type, number, subject, description, status, priority, requester_id, created_at, updated_at, follows_up_id)
            VALUES (@type, @number, @subject, @description, @status, @priority, @requester, @now, @now, @followsUp) RETURNING id
            """,
            new
            {
                type = record.Type,
                number,
                subject,
                description = record.Description,
                status = EnumText.Of(record.Status),
                priority = EnumText.Of(record.Priority),
                requester = requester?.Id,
                now,
                followsUp = record.FollowsUpRecordId,
            },
            cancellationToken)).ConfigureAwait(false);

        // The row is what was just written: built from it here rather than read back (a statement per new record,
        // on PostgreSQL a round trip, for every request the monitor opens).
        return new Record
        {
            Id = id,
            Type = record.Type,
            Number = number,
            Subject = subject,
            Description = record.Description,
            Status = record.Status,
            Priority = record.Priority,
            Requester = requester,
            CreatedAt = Times.FromMs(now),
            UpdatedAt = Times.FromMs(now),
            FollowsUpRecordId = record.FollowsUpRecordId,
        };
    }

    public async Task<Record?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await GetAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Record?> GetByNumberAsync(long number, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<RecordRow>(new CommandDefinition(
            RecordRow.Select + " WHERE r.number = @number", new { number }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <summary>A page of records, newest first.</summary>
    public async Task<RecordPage> ListAsync(RecordQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, 1000);

        var where = new List<string>();
        var parameters = new DynamicParameters();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim();
            var like = "%" + search.ToUpperInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            parameters.Add("like", like);
            // The mail's subject and text too: a customer quotes an error message, not the record's title.
            var clause = "(UPPER(r.subject) LIKE @like ESCAPE '\\' OR c.address_key LIKE @like ESCAPE '\\'"
                + " OR EXISTS (SELECT 1 FROM journal_entries sj JOIN mail_history sm ON sm.entry_id = sj.id WHERE sj.record_id = r.id"
                + " AND (UPPER(sm.subject) LIKE @like ESCAPE '\\' OR UPPER(sm.text_body) LIKE @like ESCAPE '\\'))"
                + " OR EXISTS (SELECT 1 FROM journal_entries nj WHERE nj.record_id = r.id AND nj.kind = 'note' AND UPPER(nj.text) LIKE @like ESCAPE '\\')";
            if (long.TryParse(search, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                parameters.Add("number", number);
                clause += " OR r.number = @number";
            }

            where.Add(clause + ")");
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            parameters.Add("statuses", statuses.Select(EnumText.Of).ToArray());
            where.Add(SqlLists.In(database.Dialect, "r.status", "statuses"));
        }

        if (query.Type is { } type)
        {
            parameters.Add("type", type);
            where.Add("r.record_type = @type");
        }

        if (query.RequesterId is { } requesterId)
        {
            parameters.Add("requesterId", requesterId);
            where.Add("r.requester_id = @requesterId");
        }

        if (query.Assignee is { } assignee)
        {
            if (string.Equals(assignee.Trim(), RecordQuery.Unassigned, StringComparison.OrdinalIgnoreCase))
            {
                where.Add("r.assignee_key IS NULL");
            }
            else
            {
                parameters.Add("assigneeKey", assignee.Trim().ToUpperInvariant());
                where.Add("r.assignee_key = @assigneeKey");
            }
        }

        if (query.AccountId is { } accountId)
        {
            // Through the monitor's own filing rows and the outbox: the record's mail came or went through the account.
            parameters.Add("accountId", accountId);
            where.Add("(EXISTS (SELECT 1 FROM monitor_messages am WHERE am.record_id = r.id AND am.account_id = @accountId)"
                + " OR EXISTS (SELECT 1 FROM outbox ao WHERE ao.record_id = r.id AND ao.account_id = @accountId))");
        }

        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        parameters.Add("limit", query.Limit);
        parameters.Add("offset", query.Offset);

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM records r LEFT JOIN customers c ON c.id = r.requester_id" + filter, parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = await connection.QueryAsync<RecordRow>(new CommandDefinition(
            RecordRow.Select + filter + " ORDER BY r.id DESC LIMIT @limit OFFSET @offset", parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new RecordPage(rows.Select(r => r.ToRecord()).ToList(), total);
    }

    /// <summary>Changes the given fields; null when there is no such record.</summary>
    /// <exception cref="ValidationException">A new subject that is empty, too long or multi-line.</exception>
    public Task<Record?> UpdateAsync(long id, RecordChanges changes, CancellationToken cancellationToken) =>
        database.InTransactionAsync(work => UpdateAsync(work, id, changes, cancellationToken), cancellationToken);

    /// <summary>As <see cref="UpdateAsync(long, RecordChanges, CancellationToken)"/>, inside the caller's unit of work (the monitor reopens records this way).</summary>
    public async Task<Record?> UpdateAsync(UnitOfWork work, long id, RecordChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (changes.Subject is not null)
        {
            ValidateSubject(changes.Subject);
        }

        var affected = await work.Connection.ExecuteAsync(work.Command(
            """
            UPDATE records SET
                subject = COALESCE(@subject, subject),
                description = COALESCE(@description, description),
                status = COALESCE(@status, status),
                priority = COALESCE(@priority, priority),
                updated_at = @now
            WHERE id = @id
            """,
            new
            {
                id,
                subject = changes.Subject?.Trim(),
                description = changes.Description,
                status = changes.Status is { } s ? EnumText.Of(s) : null,
                priority = changes.Priority is { } p ? EnumText.Of(p) : null,
                now = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            },
            cancellationToken)).ConfigureAwait(false);
        return affected == 0 ? null : await GetAsync(work, id, cancellationToken).ConfigureAwait(false);
    }

    private static Task<Record?> GetAsync(UnitOfWork work, long id, CancellationToken cancellationToken) =>
        GetAsync(work.Connection, work.Transaction, id, cancellationToken);

    // Shared by the read on a connection of its own (no transaction) and the read inside a unit of work.
    internal static async Task<Record?> GetAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultCachedAsync<RecordRow>(new CommandDefinition(
            RecordRow.Select + " WHERE r.id = @id", new { id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    private static void Validate(NewRecord record)
    {
        var problems = new List<ValidationProblem>();
        try
        {
            ValidateSubject(record.Subject);
        }
        catch (ValidationException e)
        {
            problems.AddRange(e.Problems);
        }

        if (string.IsNullOrWhiteSpace(record.Type))
        {
            problems.Add(new ValidationProblem("type", "A record needs a type (for example incident)."));
        }

        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }
    }

    private static void ValidateSubject(string? subject)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            throw new ValidationException("subject", "A record needs a subject.");
        }

        if (subject.Trim().Length > MaxSubjectLength)
        {
            throw new ValidationException("subject", $"The subject is {subject.Trim().Length} characters long; at most {MaxSubjectLength} are kept.");
        }

        if (subject.Contains('\r', StringComparison.Ordinal) || subject.Contains('\n', StringComparison.Ordinal))
        {
            throw new ValidationException("subject", "The subject must be one line (it contains a line break).");
        }
    }
}
