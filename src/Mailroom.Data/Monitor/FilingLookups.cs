using Dapper;
using Mailroom.Core.Records;
using Mailroom.Data.Records;

namespace Mailroom.Data.Monitor;

/// <summary>
/// The reads the monitor makes while it files a message, all on the filing transaction's connection: a message filed
/// earlier in the same group (not yet committed) must be visible to the next one, or a reply in the same batch as
/// the request it answers would open a second record.
/// </summary>
public sealed class FilingLookups
{
    /// <summary>Statuses a subject match may land on: a resolved or closed record is not matched by subject.</summary>
    /// The statuses are the code's own constants, written into the SQL as literals: a list parameter would change the
    /// statement's text with the list and keep it from being compiled once (<see cref="CachedCommands"/>).
    private static readonly string OpenRecordsOf = RecordLine.Select + " WHERE c.address_key = @key AND r.status IN ("
        + string.Join(", ", RecordStatusText.Open.Select(s => "'" + s + "'")) + ") ORDER BY r.id DESC LIMIT @limit";

    /// <summary>A record's id, status (enum name, e.g. <c>InProgress</c>) and requester; null when there is none.</summary>
    public async Task<FiledRecord?> GetRecordAsync(UnitOfWork work, long recordId, CancellationToken cancellationToken)
    {
        var row = await work.Connection.QuerySingleOrDefaultCachedAsync<RecordLine>(work.Command(
            RecordLine.Select + " WHERE r.id = @recordId", new { recordId }, cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <summary>The record with this number, or null.</summary>
    public async Task<FiledRecord?> GetRecordByNumberAsync(UnitOfWork work, long number, CancellationToken cancellationToken)
    {
        var row = await work.Connection.QuerySingleOrDefaultAsync<RecordLine>(work.Command(
            RecordLine.Select + " WHERE r.number = @number", new { number }, cancellationToken)).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <summary>The open (new or in progress) records whose requester has this address, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<FiledRecord>> ListOpenRecordsOfAsync(UnitOfWork work, string address, int limit, CancellationToken cancellationToken)
    {
        var rows = await work.Connection.QueryCachedAsync<RecordLine>(work.Command(
            OpenRecordsOf, new { key = address.Trim().ToUpperInvariant(), limit }, cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// The records holding mail (sent or filed) whose Thread-Index has this root (<see cref="Core.Conversations.ThreadIndex.RootKey"/>),
    /// at most <paramref name="limit"/>, lowest id first: the monitor asks for two, to tell one owner from several.
    /// </summary>
    public async Task<IReadOnlyList<long>> ListRecordsByThreadRootAsync(UnitOfWork work, string rootKey, int limit, CancellationToken cancellationToken)
    {
        var ids = await work.Connection.QueryAsync<long>(work.Command(
            """
            SELECT DISTINCT j.record_id FROM mail_history m JOIN journal_entries j ON j.id = m.entry_id
            WHERE m.thread_root = @rootKey AND j.record_id IS NOT NULL ORDER BY j.record_id LIMIT @limit
            """,
            new { rootKey, limit }, cancellationToken)).ConfigureAwait(false);
        return ids.ToList();
    }

    /// <summary>The id of the customer with this address, or null.</summary>
    public Task<long?> FindCustomerAsync(UnitOfWork work, string address, CancellationToken cancellationToken) =>
        work.Connection.ExecuteScalarCachedAsync<long?>(work.Command(
            "SELECT id FROM customers WHERE address_key = @key", new { key = address.Trim().ToUpperInvariant() },
            cancellationToken));

    /// <summary>The customer with this id (the monitor's default customer), or null when there is none.</summary>
    public Task<Core.Records.Customer?> GetCustomerAsync(UnitOfWork work, long customerId, CancellationToken cancellationToken) =>
        work.Connection.QuerySingleOrDefaultAsync<Core.Records.Customer>(work.Command(
            "SELECT id AS Id, address AS Address, name AS Name FROM customers WHERE id = @customerId", new { customerId }, cancellationToken));

    /// <summary>
    /// Whether <paramref name="address"/> takes part in the record: its requester, or a sender or recipient of any mail
    /// on it (sent or received). Addresses are compared whole and without regard to case, as parsed from the stored
    /// headers: the text match below only narrows the rows to read (<c>ice@x</c> is found inside <c>malice@x</c>), and
    /// each row is then read as addresses (<see cref="HeaderAddresses"/>), so a stranger whose address is the tail of a
    /// participant's never counts as one.
    /// </summary>
    public async Task<bool> TakesPartAsync(UnitOfWork work, long recordId, string address, CancellationToken cancellationToken)
    {
        var key = address.Trim().ToUpperInvariant();
        var requester = await work.Connection.ExecuteScalarAsync<long>(work.Command(
            "SELECT COUNT(*) FROM records r JOIN customers c ON c.id = r.requester_id WHERE r.id = @recordId AND c.address_key = @key",
            new { recordId, key }, cancellationToken)).ConfigureAwait(false);
        if (requester > 0)
        {
            return true;
        }

        var like = "%" + key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var rows = await work.Connection.QueryAsync<ParticipantLine>(work.Command(
            """
            SELECT m.from_address AS FromAddress, m.to_addresses AS ToAddresses, m.cc_addresses AS CcAddresses
            FROM mail_history m JOIN journal_entries j ON j.id = m.entry_id WHERE j.record_id = @recordId
              AND (UPPER(m.from_address) LIKE @like ESCAPE '\' OR UPPER(m.to_addresses) LIKE @like ESCAPE '\'
                   OR UPPER(m.cc_addresses) LIKE @like ESCAPE '\')
            """,
            new { recordId, like }, cancellationToken)).ConfigureAwait(false);
        return rows.Any(r => HeaderAddresses.Names(r.FromAddress, address) || HeaderAddresses.Names(r.ToAddresses, address)
            || HeaderAddresses.Names(r.CcAddresses, address));
    }

    private sealed class ParticipantLine
    {
        public string? FromAddress { get; set; }

        public string? ToAddresses { get; set; }

        public string? CcAddresses { get; set; }
    }

    private sealed class RecordLine
    {
        public const string Select = """
            SELECT r.id AS Id, r.number AS Number, r.subject AS Subject, r.status AS Status, c.address AS RequesterAddress
            FROM records r LEFT JOIN customers c ON c.id = r.requester_id
            """;

        public long Id { get; set; }

        public long Number { get; set; }

        public string Subject { get; set; } = "";

        public string Status { get; set; } = "";

        public string? RequesterAddress { get; set; }

        public FiledRecord ToRecord() => new(Id, Number, Subject, Records.EnumText.Status(Status), RequesterAddress);
    }
}
