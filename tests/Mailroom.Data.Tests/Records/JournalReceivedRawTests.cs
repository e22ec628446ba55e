using System.Data.Common;
using Dapper;
using Mailroom.Core.Accounts;
using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Records;

/// <summary>
/// Received mail's raw message is stored once (issue #16): the journal entry points at the ledger's copy, the record's
/// download reads it, and nothing can delete it from under the entry.
/// </summary>
public sealed class JournalReceivedRawTests
{
    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_received_message_on_the_record_and_customer_journals_downloads_the_ledgers_bytes_from_one_stored_copy(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Scanner", "cust@example.test"), default);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var raw = ReceivedMail.Bytes(3 * 1024 * 1024 + 17, seed: 11); // above the in-memory size: staged in a file, streamed both ways
        var received = await ReceivedMail.ReceiveAsync(db, 1, "1:1", raw);

        long first, second;
        await using (var rolledBack = await db.Database.BeginAsync(default))
        {
            await journal.AddReceivedMailAsync(rolledBack, ReceivedMail.Entry(record.Id, record.Requester!.Id), received.Id, default);
        } // disposed without a commit: rolled back

        await using (var work = await db.Database.BeginAsync(default))
        {
            first = await journal.AddReceivedMailAsync(work, ReceivedMail.Entry(record.Id, record.Requester!.Id), received.Id, default);
            second = await journal.AddReceivedMailAsync(work, ReceivedMail.Entry(record.Id, null), received.Id, default); // an item attaching twice
            await work.CommitAsync(default);
        }

        Assert.Equal([first, second], (await journal.ListForRecordAsync(record.Id, default)).Select(e => e.Id));
        Assert.Equal([first], (await journal.ListForCustomerAsync(record.Requester!.Id, default)).Select(e => e.Id));
        foreach (var entryId in new[] { first, second })
        {
            Assert.Equal(raw.Length, (await journal.GetAsync(entryId, default))!.Mail!.RawSize);
            await using var download = await journal.OpenRawAsync(entryId, default);
            Assert.Equal(raw.Length, download!.Length);
            Assert.Equal(raw, await ReceivedMail.ReadAllAsync(download));
        }

        Assert.Equal(new StoredCopies(0, 0, 1, raw.Length), await StoredCopies.CountAsync(db.Database));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Filing_against_a_ledger_row_without_raw_bytes_is_refused_with_the_message_named(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Nothing", "cust@example.test"), default);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        await using var work = await db.Database.BeginAsync(default);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => journal.AddReceivedMailAsync(work, ReceivedMail.Entry(record.Id, null), 424242, default));

        Assert.Contains("Received message 424242", refused.Message, StringComparison.Ordinal);
        Assert.Contains("monitor_message_raw", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await work.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM journal_entries", transaction: work.Transaction));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Deleting_the_account_and_its_monitor_keeps_the_raw_readable_and_the_database_refuses_to_delete_ledger_bytes_an_entry_shows(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var account = await db.Accounts.AddAsync(new Account
        {
            Name = "Gone desk",
            Type = AccountType.Imap,
            Incoming = new IncomingServer("imap.example.test", 993, SecurityMode.Ssl),
            Outgoing = new OutgoingServer("smtp.example.test", 587, SecurityMode.StartTls, UseIncomingCredentials: true, null),
            Credentials = new Credentials("desk@example.test", null),
        }, "test", default);
        var monitors = new MonitorStore(db.Database, TimeProvider.System);
        await monitors.SaveAsync(new MonitorSettings { AccountId = account.Id, Enabled = true, PostAction = "mark-read" }, default);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Kept", "cust@example.test"), default);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var raw = ReceivedMail.Bytes(5000, seed: 12);
        var received = await ReceivedMail.ReceiveAsync(db, account.Id, "1:1", raw);
        long entry;
        await using (var work = await db.Database.BeginAsync(default))
        {
            entry = await journal.AddReceivedMailAsync(work, ReceivedMail.Entry(record.Id, null), received.Id, default);
            await work.CommitAsync(default);
        }

        Assert.True(await monitors.DeleteAsync(account.Id, default));
        await db.Accounts.DeleteAsync(account.Name, keepUserAccounts: false, "test", default);
        Assert.Equal(raw, await journal.GetRawAsync(entry, default));

        // Nothing in Mailroom deletes ledger rows today; whatever does one day (retention, a purge by hand) is stopped
        // by the reference rather than leaving a record whose raw message is gone.
        foreach (var delete in new[] { "DELETE FROM monitor_message_raw WHERE message_row_id = @Id", "DELETE FROM monitor_messages WHERE id = @Id" })
        {
            await using var connection = await db.Database.OpenAsync(default);
            await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(delete, new { received.Id }));
        }

        Assert.Equal(raw, await journal.GetRawAsync(entry, default));
        Assert.Equal(new StoredCopies(0, 0, 1, raw.Length), await StoredCopies.CountAsync(db.Database));
    }
}
