using System.Security.Cryptography;
using System.Text;
using Dapper;
using Mailroom.Data.Monitor;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Monitor;

public sealed class MonitorMessageStoreTests
{

    private static MonitorMessageStore Store(StoreHarness db) => new(db.Database, new RawMessageSpool(db.DataDirectory), TimeProvider.System);

    private static async Task<ReceivedMessage?> ReceiveAsync(StoreHarness db, string mailboxId, string raw, long accountId = 1)
    {
        var store = Store(db);
        var spooled = await store.Spool.WriteAsync(accountId, new MemoryStream(Encoding.ASCII.GetBytes(raw)), default);
        return await store.InsertReceivedAsync(new ReceivedMessage { AccountId = accountId, FolderKey = "INBOX", MailboxId = mailboxId }, spooled, default);
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
        if (db.Database.Dialect == SqlDialect.Sqlite)
        {
            Assert.StartsWith("mail", stored.RawPath);
            Assert.Empty(Directory.GetFiles(Path.Combine(db.DataDirectory, "mail"), "*.part", SearchOption.AllDirectories));
        }
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task The_same_mailbox_id_is_received_once_and_the_second_copy_is_removed(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        Assert.NotNull(await ReceiveAsync(db, "1:5", "Subject: a\r\n\r\nx"));
        Assert.Null(await ReceiveAsync(db, "1:5", "Subject: a\r\n\r\nx"));
        Assert.Equal(new Dictionary<string, string> { ["1:5"] = MessageState.Received }, await Store(db).StatesByMailboxIdAsync(1, "INBOX", ["1:5", "1:6"], default));
        Assert.Empty(await Store(db).StatesByMailboxIdAsync(2, "Inbox", ["1:5"], default)); // another account's ledger
        Assert.Empty(await Store(db).StatesByMailboxIdAsync(1, "Archive", ["1:5"], default)); // another folder's
        if (db.Database.Dialect == SqlDialect.Sqlite)
        {
            Assert.Single(Directory.GetFiles(Path.Combine(db.DataDirectory, "mail"), "*.eml", SearchOption.AllDirectories));
        }
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

        await using var connection = await db.Database.OpenAsync(default);
        await using var tx = await connection.BeginTransactionAsync();
        Assert.Null(await MonitorMessageStore.FindFiledCopyAsync(connection, tx, second, default)); // nothing filed yet
        first.Outcome = MessageOutcome.NewRecord;
        Assert.True(await MonitorMessageStore.MarkFiledAsync(connection, tx, first, DateTimeOffset.UtcNow, default));
        Assert.False(await MonitorMessageStore.MarkFiledAsync(connection, tx, first, DateTimeOffset.UtcNow, default)); // only from received
        Assert.Equal(first.Id, await MonitorMessageStore.FindFiledCopyAsync(connection, tx, second, default));
        Assert.Null(await MonitorMessageStore.FindFiledCopyAsync(connection, tx, other, default));
        await tx.CommitAsync();
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Not_handled_messages_are_listed_and_a_retry_files_them_again_without_a_second_post_action(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var row = (await ReceiveAsync(db, "1:9", "Subject: x\r\n\r\ny"))!;
        await using (var connection = await db.Database.OpenAsync(default))
        await using (var tx = await connection.BeginTransactionAsync())
        {
            row.Outcome = MessageOutcome.NotHandled;
            row.Reason = "No item handled it";
            await MonitorMessageStore.MarkFiledAsync(connection, tx, row, DateTimeOffset.UtcNow, default);
            await tx.CommitAsync();
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

        await using (var connection = await db.Database.OpenAsync(default))
        await using (var tx = await connection.BeginTransactionAsync())
        {
            again.Outcome = MessageOutcome.NewRecord;
            await MonitorMessageStore.MarkFiledAsync(connection, tx, again, DateTimeOffset.UtcNow, default);
            await tx.CommitAsync();
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
        await using var connection = await db.Database.OpenAsync(default);
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var m in new[] { a, b })
        {
            m.Outcome = MessageOutcome.NewRecord;
            m.Sender = "storm@example.test";
            await MonitorMessageStore.MarkFiledAsync(connection, tx, m, DateTimeOffset.UtcNow, default);
        }

        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        Assert.Equal(2, await MonitorMessageStore.CountNewRecordsFromAsync(connection, tx, "storm@example.test", hourAgo, default));
        Assert.Equal(0, await MonitorMessageStore.CountNewRecordsFromAsync(connection, tx, "calm@example.test", hourAgo, default));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM monitor_messages WHERE state = '{MessageState.Received}'", transaction: tx));
    }
}
