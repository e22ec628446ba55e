using System.Security.Cryptography;
using System.Text;
using Dapper;
using Mailroom.Data.Monitor;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Monitor;

public sealed class MonitorMessageStoreTests
{

    private static MonitorMessageStore Store(StoreHarness db) => new(db.Database, new RawMessageSpool(db.DataDirectory, TimeProvider.System), TimeProvider.System);

    private static async Task<ReceivedMessage?> ReceiveAsync(StoreHarness db, string mailboxId, string raw, long accountId = 1)
    {
        var store = Store(db);
        await using var staged = await store.Spool.StageAsync(new MemoryStream(Encoding.ASCII.GetBytes(raw)), default);
        var rows = await store.ReceiveAsync([new ReceivedBatchItem(new ReceivedMessage { AccountId = accountId, FolderKey = "INBOX", MailboxId = mailboxId }, staged)], null, default);
        return rows.Count == 0 ? null : rows[0];
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_received_message_keeps_its_raw_bytes_and_digest(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        const string raw = "Subject: hello\r\n\r\nbody\r\n";
        var row = await ReceiveAsync(db, "1:1", raw);
        Assert.NotNull(row);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(raw))), row.Digest);
        Assert.Equal(raw.Length, row.Size);

        var stored = (await Store(db).GetAsync(row.Id, default))!;
        Assert.Equal(MessageState.Received, stored.State);
        await using var stream = await Store(db).OpenRawAsync(stored, default);
        Assert.Equal(raw, await new StreamReader(stream).ReadToEndAsync());
        Assert.Null(stored.RawPath); // in the database on both, no file per message
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task The_same_mailbox_id_is_received_once(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        Assert.NotNull(await ReceiveAsync(db, "1:5", "Subject: a\r\n\r\nx"));
        Assert.Null(await ReceiveAsync(db, "1:5", "Subject: a\r\n\r\nx"));
        Assert.Equal(new Dictionary<string, string> { ["1:5"] = MessageState.Received }, await Store(db).StatesByMailboxIdAsync(1, "INBOX", ["1:5", "1:6"], default));
        Assert.Empty(await Store(db).StatesByMailboxIdAsync(2, "Inbox", ["1:5"], default)); // another account's ledger
        Assert.Empty(await Store(db).StatesByMailboxIdAsync(1, "Archive", ["1:5"], default)); // another folder's
        Assert.Equal(1L, await RawRowsAsync(db));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_batch_is_received_in_one_commit_small_and_large_bytes_alike_and_a_known_id_is_left_out(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        Assert.NotNull(await ReceiveAsync(db, "1:2", "Subject: known\r\n\r\nx"));
        var store = Store(db);
        var large = Encoding.ASCII.GetBytes("Subject: large\r\n\r\n" + new string('y', RawMessageSpool.InMemoryBytes + 10));
        var items = new List<ReceivedBatchItem>();
        foreach (var (id, bytes) in new[] { ("1:1", Encoding.ASCII.GetBytes("Subject: small\r\n\r\nx")), ("1:2", Encoding.ASCII.GetBytes("Subject: again\r\n\r\nx")), ("1:3", large) })
        {
            // A non-seekable source, as a network stream is: a large one is staged in a scratch file, not memory.
            items.Add(new ReceivedBatchItem(new ReceivedMessage { AccountId = 1, FolderKey = "INBOX", MailboxId = id }, await store.Spool.StageAsync(new ForwardOnlyStream(bytes), default),
                id == "1:3" ? "The server cut it short" : null));
        }

        Assert.False(items[2].Raw.InMemory);
        var committedBefore = -1L;
        var rows = await store.ReceiveAsync(items, async () => committedBefore = await CountCommittedAsync(db), default);
        Assert.Equal(1L, committedBefore); // nothing of the batch was visible before its one commit
        Assert.Equal(["1:1", "1:3"], rows.Select(r => r.MailboxId));
        Assert.Equal(3L, await RawRowsAsync(db));
        var setAside = (await store.GetAsync(rows[1].Id, default))!;
        Assert.Equal(MessageState.Filed, setAside.State);
        Assert.Equal(MessageOutcome.NotHandled, setAside.Outcome);
        await using (var stream = await store.OpenRawAsync(setAside, default))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(large, copy.ToArray());
        }

        foreach (var item in items)
        {
            await item.Raw.DisposeAsync();
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(db.DataDirectory, "mail", "scratch"))); // scratch copies deleted on dispose
    }

    /// <summary>Rows committed in the ledger, read on another connection.</summary>
    private static async Task<long> CountCommittedAsync(StoreHarness db)
    {
        await using var connection = await db.Database.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM monitor_messages");
    }

    private static async Task<long> RawRowsAsync(StoreHarness db)
    {
        await using var connection = await db.Database.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM monitor_message_raw");
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_filed_copy_is_found_by_message_id_and_digest_only(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var first = (await ReceiveAsync(db, "1:1", "Message-ID: <a@b>\r\n\r\nsame"))!;
        var second = (await ReceiveAsync(db, "2:1", "Message-ID: <a@b>\r\n\r\nsame"))!;
        var other = (await ReceiveAsync(db, "2:2", "Message-ID: <a@b>\r\n\r\ndifferent"))!;
        foreach (var m in new[] { first, second, other })
        {
            m.MessageId = "a@b";
        }

        await using var work = await db.Database.BeginAsync(default);
        Assert.Null(await MonitorMessageStore.FindFiledCopyAsync(work, second, default)); // nothing filed yet
        first.Outcome = MessageOutcome.NewRecord;
        Assert.True(await MonitorMessageStore.MarkFiledAsync(work, first, DateTimeOffset.UtcNow, default));
        Assert.False(await MonitorMessageStore.MarkFiledAsync(work, first, DateTimeOffset.UtcNow, default)); // only from received
        Assert.Equal(first.Id, await MonitorMessageStore.FindFiledCopyAsync(work, second, default));
        Assert.Null(await MonitorMessageStore.FindFiledCopyAsync(work, other, default));
        await work.CommitAsync(default);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Not_handled_messages_are_listed_and_a_retry_files_them_again_without_a_second_post_action(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var row = (await ReceiveAsync(db, "1:9", "Subject: x\r\n\r\ny"))!;
        await using (var work = await db.Database.BeginAsync(default))
        {
            row.Outcome = MessageOutcome.NotHandled;
            row.Reason = "No item handled it";
            await MonitorMessageStore.MarkFiledAsync(work, row, DateTimeOffset.UtcNow, default);
            await work.CommitAsync(default);
        }

        await Store(db).MarkCompletedAsync([row.Id], default);
        var listed = Assert.Single(await Store(db).ListNotHandledAsync(1, 100, default));
        Assert.Equal("No item handled it", listed.Reason);
        Assert.True(listed.PostActionDone);

        Assert.True(await Store(db).RetryAsync(row.Id, default));
        Assert.False(await Store(db).RetryAsync(row.Id, default));
        Assert.Empty(await Store(db).ListNotHandledAsync(1, 100, default));
        var again = (await Store(db).GetAsync(row.Id, default))!;
        Assert.Equal(MessageState.Received, again.State);

        await using (var work = await db.Database.BeginAsync(default))
        {
            again.Outcome = MessageOutcome.NewRecord;
            await MonitorMessageStore.MarkFiledAsync(work, again, DateTimeOffset.UtcNow, default);
            await work.CommitAsync(default);
        }

        Assert.Equal(MessageState.Completed, (await Store(db).GetAsync(row.Id, default))!.State);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task New_records_are_counted_per_sender_since_a_time(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var a = (await ReceiveAsync(db, "1:1", "a"))!;
        var b = (await ReceiveAsync(db, "1:2", "b"))!;
        await using var work = await db.Database.BeginAsync(default);
        foreach (var m in new[] { a, b })
        {
            m.Outcome = MessageOutcome.NewRecord;
            m.Sender = "storm@example.test";
            await MonitorMessageStore.MarkFiledAsync(work, m, DateTimeOffset.UtcNow, default);
        }

        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        Assert.Equal(2, await MonitorMessageStore.CountNewRecordsFromAsync(work, "storm@example.test", hourAgo, default));
        Assert.Equal(0, await MonitorMessageStore.CountNewRecordsFromAsync(work, "calm@example.test", hourAgo, default));
        Assert.Equal(0, await work.Connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM monitor_messages WHERE state = '{MessageState.Received}'", transaction: work.Transaction));
    }
}
