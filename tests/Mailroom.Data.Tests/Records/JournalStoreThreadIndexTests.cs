using Mailroom.Core.Conversations;
using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Records;

/// <summary>Outlook's Thread-Index kept beside each Mail History entry, and the two ways it is looked up.</summary>
public sealed class JournalStoreThreadIndexTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_thread_index_is_kept_canonical_junk_is_dropped_and_the_root_names_the_records_that_hold_it(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var records = new RecordStore(db.Database, TimeProvider.System);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var one = await records.CreateAsync(new NewRecord("Printer", "cust@example.test"), CancellationToken.None);
        var two = await records.CreateAsync(new NewRecord("Scanner", "cust@example.test"), CancellationToken.None);
        var shared = ThreadIndex.StartNew(DateTimeOffset.UtcNow, Guid.NewGuid());
        var reply = shared.Reply(DateTimeOffset.UtcNow.AddHours(1), 3);
        var folded = reply.Format()[..10] + "\r\n " + reply.Format()[10..];

        var request = await AddAsync(journal, one.Id, folded);
        var junk = await AddAsync(journal, one.Id, "not a thread index");
        await AddAsync(journal, one.Id, shared.Format()); // the same conversation twice on one record counts once

        Assert.Equal(reply.Format(), (await journal.GetAsync(request, CancellationToken.None))!.Mail!.ThreadIndex);
        Assert.Null((await journal.GetAsync(junk, CancellationToken.None))!.Mail!.ThreadIndex);
        Assert.Equal([one.Id], await RecordsByRootAsync(db.Database, shared.RootKey));

        await AddAsync(journal, two.Id, shared.Reply(DateTimeOffset.UtcNow.AddHours(2), 4).Format());
        Assert.Equal([one.Id, two.Id], await RecordsByRootAsync(db.Database, shared.RootKey));
        Assert.Empty(await RecordsByRootAsync(db.Database, ThreadIndex.StartNew(DateTimeOffset.UtcNow, Guid.NewGuid()).RootKey));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task New_mail_continues_the_answered_mails_thread_index_else_the_records_oldest(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var records = new RecordStore(db.Database, TimeProvider.System);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var record = await records.CreateAsync(new NewRecord("Printer", "cust@example.test"), CancellationToken.None);
        var other = await records.CreateAsync(new NewRecord("Other", "cust@example.test"), CancellationToken.None);
        var first = ThreadIndex.StartNew(DateTimeOffset.UtcNow, Guid.NewGuid()).Format();
        var second = ThreadIndex.StartNew(DateTimeOffset.UtcNow, Guid.NewGuid()).Format();

        Assert.Null(await journal.FindThreadIndexAsync(record.Id, null, CancellationToken.None)); // nothing yet: start a new one
        var without = await AddAsync(journal, record.Id, null);
        await AddAsync(journal, record.Id, first);
        var later = await AddAsync(journal, record.Id, second);
        var elsewhere = await AddAsync(journal, other.Id, ThreadIndex.StartNew(DateTimeOffset.UtcNow, Guid.NewGuid()).Format());

        Assert.Equal(first, await journal.FindThreadIndexAsync(record.Id, null, CancellationToken.None));
        Assert.Equal(second, await journal.FindThreadIndexAsync(record.Id, later, CancellationToken.None));
        Assert.Equal(first, await journal.FindThreadIndexAsync(record.Id, without, CancellationToken.None)); // the answered mail had none
        Assert.Equal(first, await journal.FindThreadIndexAsync(record.Id, elsewhere, CancellationToken.None)); // another record's mail is not followed
    }

    private static Task<long> AddAsync(JournalStore journal, long recordId, string? threadIndex) =>
        journal.AddMailAsync(
            new NewMailEntry(recordId, null, new MailHistory { Direction = MailDirection.Incoming, Subject = "s", ThreadIndex = threadIndex }, [], "raw"u8.ToArray()),
            CancellationToken.None);

    private static async Task<IReadOnlyList<long>> RecordsByRootAsync(MailroomDatabase database, string root)
    {
        await using var work = await database.BeginAsync(CancellationToken.None);
        return await new FilingLookups().ListRecordsByThreadRootAsync(work, root, 10, CancellationToken.None);
    }
}
