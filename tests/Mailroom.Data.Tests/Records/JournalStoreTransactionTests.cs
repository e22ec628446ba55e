using Mailroom.Core.Records;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Records;

/// <summary>
/// The lookups the monitor makes inside its filing transaction, and the raw message streamed into the journal.
/// </summary>
public sealed class JournalStoreTransactionTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Lookups_on_the_filing_transaction_see_its_uncommitted_mail_and_other_connections_do_not(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Printer", "cust@example.test"), CancellationToken.None);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        await using var work = await db.Database.BeginAsync(CancellationToken.None);
        var entry = await journal.AddMailAsync(work, new NewMailEntry(record.Id, null, new MailHistory
        {
            Direction = MailDirection.Outgoing,
            MessageId = "<sent-9@mailroom.local>",
            ConversationId = "{CMI: ABCD9}",
        }, [], Array.Empty<byte>()), CancellationToken.None);

        Assert.Equal(new MessageIdOwner(record.Id, entry, MailDirection.Outgoing),
            await journal.FindByMessageIdsAsync(work, ["<other@x>", "SENT-9@mailroom.local"], CancellationToken.None));
        Assert.Equal(new ConversationOwner(record.Id, entry), await journal.FindByConversationIdAsync(work, "{cmi: abcd9}", CancellationToken.None));

        // The overloads without a unit of work read what is committed: nothing yet. This is why filing must not use them.
        Assert.Null(await journal.FindByMessageIdsAsync(["<sent-9@mailroom.local>"], CancellationToken.None));
        Assert.Null(await journal.FindByConversationIdAsync("{CMI: ABCD9}", CancellationToken.None));

        await work.CommitAsync(CancellationToken.None);
        Assert.Equal(record.Id, (await journal.FindByMessageIdAsync("<sent-9@mailroom.local>", CancellationToken.None))!.RecordId);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_raw_message_given_as_a_stream_is_stored_byte_for_byte_and_rolled_back_with_its_transaction(string kind)
    {
        await using var db = await StoreHarness.CreateAsync(kind);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Printer", "cust@example.test"), CancellationToken.None);
        var journal = new JournalStore(db.Database, TimeProvider.System);
        var raw = new byte[3 * 1024 * 1024 + 17]; // several stream buffers, not a multiple of any
        new Random(7).NextBytes(raw);
        var path = Path.Combine(Path.GetTempPath(), "mailroom-raw-" + Guid.NewGuid().ToString("N")[..8]);
        await File.WriteAllBytesAsync(path, raw);
        try
        {
            long kept;
            await using (var rolledBack = await db.Database.BeginAsync(CancellationToken.None))
            {
                await using var file = File.OpenRead(path);
                await journal.AddMailAsync(rolledBack, Entry(record.Id), file, CancellationToken.None);
            } // disposed without a commit: rolled back

            await using (var work = await db.Database.BeginAsync(CancellationToken.None))
            {
                await using (var file = File.OpenRead(path))
                {
                    kept = await journal.AddMailAsync(work, Entry(record.Id), file, CancellationToken.None);
                }

                await work.CommitAsync(CancellationToken.None);
            }

            var entry = Assert.Single(await journal.ListForRecordAsync(record.Id, CancellationToken.None));
            Assert.Equal(kept, entry.Id);
            Assert.Equal(raw.Length, entry.Mail!.RawSize);
            Assert.Equal(raw, await journal.GetRawAsync(kept, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static NewMailEntry Entry(long recordId) =>
        new(recordId, null, new MailHistory { Direction = MailDirection.Incoming, Subject = "Big" }, [], Array.Empty<byte>(), Text: "Big");
}
