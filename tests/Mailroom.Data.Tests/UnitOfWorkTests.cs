using System.Data;
using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Support;
using Record = Mailroom.Core.Records.Record;

namespace Mailroom.Data.Tests;

/// <summary>
/// The unit of work the stores write through (issue 16): what it keeps, what it undoes, and what its own reads see,
/// on both databases. Each outcome is checked from a connection of its own, as another node or a page would see it.
/// </summary>
public sealed class UnitOfWorkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Rolling_back_to_a_savepoint_undoes_only_what_came_after_it_and_the_work_goes_on(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var records = new RecordStore(db.Database, TimeProvider.System);
        Record before, after;
        await using (var work = await db.Database.BeginAsync(CancellationToken.None))
        {
            before = await records.CreateAsync(work, new NewRecord("Filed before the savepoint", "one@example.test"), CancellationToken.None);
            await work.SaveAsync("before_message", CancellationToken.None);
            await records.CreateAsync(work, new NewRecord("Filed after it, then undone", "two@example.test"), CancellationToken.None);
            await work.RollbackToAsync("before_message", CancellationToken.None);
            after = await records.CreateAsync(work, new NewRecord("Filed after the rollback", "three@example.test"), CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        // By subject, not id: SQLite hands the undone row's id to the next insert.
        Assert.Equal("Filed before the savepoint", (await records.GetAsync(before.Id, CancellationToken.None))?.Subject);
        Assert.Equal("Filed after the rollback", (await records.GetAsync(after.Id, CancellationToken.None))?.Subject);
        Assert.Equal(["Filed after the rollback", "Filed before the savepoint"],
            (await records.ListAsync(new RecordQuery(Limit: 10), CancellationToken.None)).Records.Select(r => r.Subject));
        Assert.Null(await new CustomerStore(db.Database, TimeProvider.System).FindByAddressAsync("two@example.test", CancellationToken.None));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_released_savepoint_keeps_what_came_after_it_for_the_commit(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var records = new RecordStore(db.Database, TimeProvider.System);
        Record kept;
        await using (var work = await db.Database.BeginAsync(CancellationToken.None))
        {
            await work.SaveAsync("before_actions", CancellationToken.None);
            kept = await records.CreateAsync(work, new NewRecord("Kept past its savepoint", "one@example.test"), CancellationToken.None);
            await work.ReleaseAsync("before_actions", CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        Assert.Equal("Kept past its savepoint", (await records.GetAsync(kept.Id, CancellationToken.None))!.Subject);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_savepoint_name_that_is_not_a_plain_sql_name_is_refused_before_anything_runs(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        await using var work = await db.Database.BeginAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => work.SaveAsync("x; DROP TABLE records", CancellationToken.None));

        Assert.Equal("name", refused.ParamName);
        Assert.Contains("'x; DROP TABLE records'", refused.Message, StringComparison.Ordinal);
        await work.SaveAsync("still_usable", CancellationToken.None); // the transaction was not broken by the refusal
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task Disposing_without_a_commit_leaves_nothing_closes_the_connection_and_holds_up_no_later_writer(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var records = new RecordStore(db.Database, TimeProvider.System);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        Record abandoned;
        System.Data.Common.DbConnection connection;
        await using (var work = await db.Database.BeginAsync(CancellationToken.None))
        {
            connection = work.Connection;
            abandoned = await records.CreateAsync(work, new NewRecord("Never committed", "gone@example.test"), CancellationToken.None);
            await records.AddChangeAsync(work, abandoned.Id, "A change nobody sees", "test", CancellationToken.None);
            await journal.AddMailAsync(work, Mail(abandoned.Id, "<abandoned@example.test>"), CancellationToken.None);
        }

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(0, (await records.ListAsync(new RecordQuery(Limit: 10), CancellationToken.None)).Total);
        Assert.Empty(await journal.ListForRecordAsync(abandoned.Id, CancellationToken.None));
        Assert.Null(await journal.FindByMessageIdAsync("<abandoned@example.test>", CancellationToken.None));
        Assert.Null(await new CustomerStore(db.Database, TimeProvider.System).FindByAddressAsync("gone@example.test", CancellationToken.None));

        // The abandoned work's locks went with it: on SQLite a writer waiting for the write lock would time out here.
        var next = await records.CreateAsync(new NewRecord("The next writer", "next@example.test"), CancellationToken.None).WaitAsync(Patience);
        Assert.Equal("The next writer", (await records.GetAsync(next.Id, CancellationToken.None))!.Subject);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_commit_keeps_everything_the_work_wrote(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var records = new RecordStore(db.Database, TimeProvider.System);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        Record first, second;
        long mail, change;
        await using (var work = await db.Database.BeginAsync(CancellationToken.None))
        {
            first = await records.CreateAsync(work, new NewRecord("First of the group", "one@example.test"), CancellationToken.None);
            second = await records.CreateAsync(work, new NewRecord("Second of the group", "two@example.test"), CancellationToken.None);
            mail = await journal.AddMailAsync(work, Mail(first.Id, "<kept@example.test>"), CancellationToken.None);
            change = await records.AddChangeAsync(work, second.Id, "Changed in the same work", "test", CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(2, (await records.ListAsync(new RecordQuery(Limit: 10), CancellationToken.None)).Total);
        Assert.Equal([mail], (await journal.ListForRecordAsync(first.Id, CancellationToken.None)).Select(e => e.Id));
        Assert.Equal(new MessageIdOwner(first.Id, mail, MailDirection.Incoming), await journal.FindByMessageIdAsync("<kept@example.test>", CancellationToken.None));
        var entry = Assert.Single(await journal.ListForRecordAsync(second.Id, CancellationToken.None));
        Assert.Equal((change, "Changed in the same work"), (entry.Id, entry.Text));
        Assert.NotNull(await new CustomerStore(db.Database, TimeProvider.System).FindByAddressAsync("two@example.test", CancellationToken.None));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_stores_write_and_a_read_in_the_same_work_see_each_other_before_the_commit_and_nobody_else_does(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var records = new RecordStore(db.Database, TimeProvider.System);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var lookups = new FilingLookups();
        await using var work = await db.Database.BeginAsync(CancellationToken.None);
        var created = await records.CreateAsync(work, new NewRecord("Seen inside", "inside@example.test"), CancellationToken.None);
        var mail = await journal.AddMailAsync(work, Mail(created.Id, "<inside@example.test>"), CancellationToken.None);

        // Another store's reads on the same work: what the filer relies on for a reply in the same group as its request.
        Assert.Equal(created.Number, (await lookups.GetRecordByNumberAsync(work, created.Number, CancellationToken.None))?.Number);
        Assert.Equal("Seen inside", (await records.GetInTransactionAsync(work, created.Id, CancellationToken.None))?.Subject);
        Assert.Equal(created.Requester!.Id, await lookups.FindCustomerAsync(work, "inside@example.test", CancellationToken.None));
        Assert.Equal(created.Id, (await journal.FindByMessageIdsAsync(work, ["<inside@example.test>"], CancellationToken.None))?.RecordId);

        // From a connection of its own, nothing is there yet.
        Assert.Null(await records.GetAsync(created.Id, CancellationToken.None));
        Assert.Null(await journal.FindByMessageIdAsync("<inside@example.test>", CancellationToken.None));

        await work.CommitAsync(CancellationToken.None);
        Assert.Equal("Seen inside", (await records.GetAsync(created.Id, CancellationToken.None))?.Subject);
        Assert.Equal(mail, (await journal.FindByMessageIdAsync("<inside@example.test>", CancellationToken.None))?.EntryId);
    }

    private static NewMailEntry Mail(long recordId, string messageId) =>
        new(recordId, null, new MailHistory { Direction = MailDirection.Incoming, From = "cust@example.test", Subject = "Mail", MessageId = messageId },
            [], "Subject: Mail\r\n\r\nbody"u8.ToArray());
}
