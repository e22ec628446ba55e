using Dapper;
using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Records;
using Mailroom.Data.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mailroom.Data.Tests.Migrations;

/// <summary>
/// Migration 303 on a database an earlier version filled, with every received message's raw bytes in both the ledger
/// and the journal: one copy is left of each identical pair, and every download gives the same bytes as before.
/// </summary>
public sealed class M303RawStoredOnceTests
{
    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Duplicates_from_before_are_folded_into_the_ledgers_copy_and_every_download_stays_byte_identical(SqlDialect dialect)
    {
        await using var target = dialect == SqlDialect.Sqlite ? new SqliteTarget() : (StorageTarget)await PostgresTarget.CreateAsync("raw_once_migration");
        await HoldBackAsync(target.Options, 303);

        var bytes = new Dictionary<string, byte[]>
        {
            ["a"] = ReceivedMail.Bytes(4000, seed: 31),
            ["b"] = ReceivedMail.Bytes(4100, seed: 32), // no Message-ID
            ["c"] = ReceivedMail.Bytes(4200, seed: 33), // the journal's copy differs from the ledger's
            ["d"] = ReceivedMail.Bytes(2 * 1024 * 1024 + 3, seed: 34), // large, and on its record twice
            ["out"] = ReceivedMail.Bytes(4300, seed: 35), // sent by the desk: its only copy
        };
        var changedC = (byte[])bytes["c"].Clone();
        changedC[100] ^= 0xFF;
        var entries = new Dictionary<string, long>();
        var ledger = new Dictionary<string, long>();
        await using (var before = await StoreHarness.OpenAsync(target.Options))
        {
            // Built as before 303: the Mail History has no reference to the ledger yet.
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ScalarAsync(before.Database, "SELECT COUNT(received_message_id) FROM mail_history"));
            var records = new RecordStore(before.Database, TimeProvider.System);
            var first = await records.CreateAsync(new NewRecord("First", "ann@example.test"), default);
            var second = await records.CreateAsync(new NewRecord("Second", "bob@example.test"), default);
            foreach (var (name, recordId, messageId) in new[] { ("a", first.Id, "a@example.test"), ("b", first.Id, null), ("c", first.Id, "c@example.test"), ("d", second.Id, "d@example.test") })
            {
                var row = await ReceivedMail.ReceiveAsync(before, 1, "1:" + name, bytes[name]);
                await FiledAsync(before.Database, row, recordId, messageId);
                ledger[name] = row.Id;
            }

            entries["a"] = await OldEntryAsync(before.Database, first.Id, "in", "a@example.test", bytes["a"]);
            entries["b"] = await OldEntryAsync(before.Database, first.Id, "in", null, bytes["b"]);
            entries["c"] = await OldEntryAsync(before.Database, first.Id, "in", "c@example.test", changedC);
            entries["d"] = await OldEntryAsync(before.Database, second.Id, "in", "d@example.test", bytes["d"]);
            entries["d again"] = await OldEntryAsync(before.Database, second.Id, "in", "d@example.test", bytes["d"]);
            entries["out"] = await OldEntryAsync(before.Database, first.Id, "out", "out@example.test", bytes["out"]);
            Assert.Equal(6L, (await StoredCopies.CountAsync(before.Database)).JournalRows);
            await using var connection = await before.Database.OpenAsync(default);
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE version = 303"); // the upgrade brings it
        }

        await using var after = await StoreHarness.OpenAsync(target.Options);
        var journal = new JournalStore(after.Database, TimeProvider.System);
        var expected = new Dictionary<string, byte[]>
        {
            ["a"] = bytes["a"], ["b"] = bytes["b"], ["c"] = changedC, ["d"] = bytes["d"], ["d again"] = bytes["d"], ["out"] = bytes["out"],
        };
        foreach (var (name, entryId) in entries)
        {
            var downloaded = await journal.GetRawAsync(entryId, default);
            Assert.True(expected[name].SequenceEqual(downloaded!), $"entry '{name}' downloads other bytes after the migration");
        }

        var pointed = (await QueryAsync(after.Database, "SELECT entry_id, received_message_id FROM mail_history"))
            .ToDictionary(r => r.EntryId, r => r.ReceivedMessageId);
        Assert.Equal(ledger["a"], pointed[entries["a"]]);
        Assert.Equal(ledger["b"], pointed[entries["b"]]);
        Assert.Equal(ledger["d"], pointed[entries["d"]]);
        Assert.Equal(ledger["d"], pointed[entries["d again"]]);
        Assert.Null(pointed[entries["c"]]);
        Assert.Null(pointed[entries["out"]]);
        var ledgerBytes = bytes["a"].Length + bytes["b"].Length + bytes["c"].Length + bytes["d"].Length;
        Assert.Equal(new StoredCopies(2, changedC.Length + bytes["out"].Length, 4, ledgerBytes), await StoredCopies.CountAsync(after.Database));
    }

    /// <summary>Marks <paramref name="version"/> applied before the first start, so the database is built as a version without it built it.</summary>
    private static async Task HoldBackAsync(DatabaseOptions options, int version)
    {
        const string Sql = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL); "
            + "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, 'held back by the test', 0)";
        if (options.Dialect == SqlDialect.Postgres)
        {
            await using var connection = new NpgsqlConnection(options.PostgresConnectionString);
            await connection.ExecuteAsync(Sql, new { version });
            return;
        }

        await using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.DataDirectory, "mailroom.db"), Pooling = false }.ToString());
        await sqlite.ExecuteAsync(Sql, new { version });
    }

    private static async Task FiledAsync(MailroomDatabase database, ReceivedMessage row, long recordId, string? messageId)
    {
        await using var work = await database.BeginAsync(default);
        row.Outcome = MessageOutcome.NewRecord;
        row.RecordId = recordId;
        row.MessageId = messageId;
        Assert.True(await MonitorMessageStore.MarkFiledAsync(work, row, DateTimeOffset.UtcNow, default));
        await work.CommitAsync(default);
    }

    /// <summary>A Mail History entry as versions before 303 wrote it: its own copy of the raw bytes in <c>mail_raw</c>.</summary>
    private static async Task<long> OldEntryAsync(MailroomDatabase database, long recordId, string direction, string? messageId, byte[] raw)
    {
        await using var connection = await database.OpenAsync(default);
        await using var tx = await connection.BeginTransactionAsync();
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO journal_entries (record_id, customer_id, kind, created_at, text, needs_attention, attention_reason)
            VALUES (@recordId, NULL, 'mail', 0, 'from before', @no, NULL) RETURNING id
            """, new { recordId, no = false }, tx);
        await connection.ExecuteAsync("""
            INSERT INTO mail_history (entry_id, direction, subject, message_id, message_id_key, raw_size)
            VALUES (@id, @direction, 'from before', @messageId, @key, @size)
            """, new { id, direction, messageId, key = MessageIds.Key(messageId), size = (long)raw.Length }, tx);
        await connection.ExecuteAsync("INSERT INTO mail_raw (entry_id, content) VALUES (@id, @raw)", new { id, raw }, tx);
        await tx.CommitAsync();
        return id;
    }

    private static async Task<long> ScalarAsync(MailroomDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task<IEnumerable<(long EntryId, long? ReceivedMessageId)>> QueryAsync(MailroomDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(default);
        return (await connection.QueryAsync<(long EntryId, long? ReceivedMessageId)>(sql)).ToList();
    }
}
