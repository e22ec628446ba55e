using Dapper;

namespace Mailroom.Data.Tests.Records;

/// <summary>How many raw messages, and how many bytes of them, the journal (<c>mail_raw</c>) and the ledger hold.</summary>
internal sealed record StoredCopies(long JournalRows, long JournalBytes, long LedgerRows, long LedgerBytes)
{
    public static async Task<StoredCopies> CountAsync(MailroomDatabase database)
    {
        await using var connection = await database.OpenAsync(default);
        var journal = await connection.QuerySingleAsync<(long Rows, long Bytes)>("SELECT COUNT(*), COALESCE(SUM(length(content)), 0) FROM mail_raw");
        var ledger = await connection.QuerySingleAsync<(long Rows, long Bytes)>("SELECT COUNT(*), COALESCE(SUM(length(raw)), 0) FROM monitor_message_raw");
        return new StoredCopies(journal.Rows, journal.Bytes, ledger.Rows, ledger.Bytes);
    }
}
