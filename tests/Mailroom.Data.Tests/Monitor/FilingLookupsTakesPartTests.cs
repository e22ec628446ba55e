using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Monitor;

/// <summary>
/// The hijack guard's question, "does this sender take part in the record?", answered by whole addresses: a stranger
/// whose address is the tail of a participant's, or who hides in a display name, is still a stranger.
/// </summary>
public sealed class FilingLookupsTakesPartTests
{
    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public async Task A_sender_takes_part_only_with_a_whole_address_of_the_record_not_a_tail_of_one(SqlDialect dialect)
    {
        await using var db = await StoreHarness.CreateAsync(dialect);
        var record = await new RecordStore(db.Database, TimeProvider.System).CreateAsync(new NewRecord("Printer", "requester@corp.example"), CancellationToken.None);
        await new JournalStore(db.Database, TimeProvider.System).AddMailAsync(
            new NewMailEntry(record.Id, null, new MailHistory
            {
                Direction = MailDirection.Incoming,
                From = "Mal Ice <malice@corp.example>",
                To = "\"ann@corp.example\" <desk@corp.example>",
                Cc = "bob@corp.example, \"Carol\" <carol@corp.example>",
                Subject = "Printer",
            }, [], "raw"u8.ToArray()),
            CancellationToken.None);

        Assert.True(await TakesPartAsync(db.Database, record.Id, "requester@corp.example"));
        Assert.True(await TakesPartAsync(db.Database, record.Id, "MALICE@corp.example"));
        Assert.True(await TakesPartAsync(db.Database, record.Id, "desk@corp.example"));
        Assert.True(await TakesPartAsync(db.Database, record.Id, "carol@corp.example"));
        Assert.True(await TakesPartAsync(db.Database, record.Id, "bob@corp.example"));

        Assert.False(await TakesPartAsync(db.Database, record.Id, "ice@corp.example"));      // the tail of malice@
        Assert.False(await TakesPartAsync(db.Database, record.Id, "ann@corp.example"));      // only a display name
        Assert.False(await TakesPartAsync(db.Database, record.Id, "ob@corp.example"));       // the tail of bob@
        Assert.False(await TakesPartAsync(db.Database, record.Id, "carol@corp.exampl"));     // a prefix of carol@
        Assert.False(await TakesPartAsync(db.Database, record.Id, "uester@corp.example"));   // the tail of the requester
    }

    private static async Task<bool> TakesPartAsync(MailroomDatabase database, long recordId, string address)
    {
        await using var work = await database.BeginAsync(CancellationToken.None);
        return await new FilingLookups().TakesPartAsync(work, recordId, address, CancellationToken.None);
    }
}
