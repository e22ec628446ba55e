using Dapper;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Records;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Monitor;

/// <summary>
/// Ledger rows an earlier version wrote on SQLite with the raw message in a file (<c>raw_path</c>): they still read,
/// and filing one moves its bytes into the database, so the journal entry points at the one copy every reader uses.
/// </summary>
public sealed class LegacyRawFileTests
{
    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Filing_a_row_kept_as_a_file_moves_its_bytes_into_the_ledger_and_the_entry_reads_them_there(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var store = Store(db);
        var raw = ReceivedMail.Bytes(2 * 1024 * 1024 + 5, seed: 21);
        var row = await LegacyRowAsync(db, "1:1", raw);
        Assert.Equal(raw, await ReadAsync(store, row)); // read from its file, as before
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new Core.Records.NewRecord("Old mail", "cust@example.test"), default);
        var journal = new JournalStore(db.Database, TimeProvider.System);

        await using (var rolledBack = await db.Database.BeginAsync(default))
        {
            await store.MoveRawFileIntoDatabaseAsync(rolledBack, row, default);
        } // disposed without a commit: rolled back

        Assert.NotNull((await store.GetAsync(row.Id, default))!.RawPath); // a rolled back filing leaves the row naming its file

        await using (var work = await db.Database.BeginAsync(default))
        {
            await store.MoveRawFileIntoDatabaseAsync(work, row, default);
            await store.MoveRawFileIntoDatabaseAsync(work, row, default); // a second entry of the same filing
            await journal.AddReceivedMailAsync(work, ReceivedMail.Entry(record.Id, null), row.Id, default);
            await work.CommitAsync(default);
        }

        File.Delete(Path.Combine(db.DataDirectory, LegacyPath)); // nothing reads the file any more
        var moved = (await store.GetAsync(row.Id, default))!;
        Assert.Null(moved.RawPath);
        Assert.Equal(raw, await ReadAsync(store, moved));
        var entry = Assert.Single(await journal.ListForRecordAsync(record.Id, default));
        Assert.Equal(raw, await journal.GetRawAsync(entry.Id, default));
        Assert.Equal(new StoredCopies(0, 0, 1, raw.Length), await StoredCopies.CountAsync(db.Database));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_file_that_no_longer_holds_the_received_size_is_refused_and_left_as_it_is(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var store = Store(db);
        var row = await LegacyRowAsync(db, "1:2", ReceivedMail.Bytes(1000, seed: 22));
        await File.WriteAllBytesAsync(Path.Combine(db.DataDirectory, LegacyPath), ReceivedMail.Bytes(999, seed: 22));
        await using var work = await db.Database.BeginAsync(default);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MoveRawFileIntoDatabaseAsync(work, row, default));

        Assert.Contains($"received message {row.Id}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("holds 999 bytes, not the 1000", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await work.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM monitor_message_raw", transaction: work.Transaction));
    }

    private const string LegacyPath = "mail/2026/11/legacy.eml";

    private static MonitorMessageStore Store(StoreHarness db) => new(db.Database, new RawMessageSpool(db.DataDirectory, TimeProvider.System), TimeProvider.System);

    /// <summary>A received row as the version before durability per batch wrote it: the bytes in a file, no raw row.</summary>
    private static async Task<ReceivedMessage> LegacyRowAsync(StoreHarness db, string mailboxId, byte[] raw)
    {
        var path = Path.Combine(db.DataDirectory, LegacyPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, raw);
        await using var connection = await db.Database.OpenAsync(default);
        var id = await connection.ExecuteScalarAsync<long>($"""
            INSERT INTO monitor_messages (account_id, folder_key, mailbox_id, size, message_id, digest, raw_path, state, flagged, post_action_done, attempts, received_at)
            VALUES (1, 'INBOX', @mailboxId, @size, NULL, 'legacy', @path, '{MessageState.Received}', @no, @no, 0, 0) RETURNING id
            """, new { mailboxId, size = (long)raw.Length, path = LegacyPath, no = false });
        return (await Store(db).GetAsync(id, default))!;
    }

    private static async Task<byte[]> ReadAsync(MonitorMessageStore store, ReceivedMessage row)
    {
        await using var stream = await store.OpenRawAsync(row, default);
        return await ReceivedMail.ReadAllAsync(stream);
    }
}
