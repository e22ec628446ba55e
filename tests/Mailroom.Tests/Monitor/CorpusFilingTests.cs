using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Mailroom.Testing;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Real-world mail from the shared corpus through the monitor's real filer (no server: the bytes are handed over as
/// a mailbox would). Reading each message's facts is tested in Mailroom.Mail.Tests; here: every one is filed.
/// </summary>
public sealed class CorpusFilingTests
{
    [CopyleftCorpusFact]
    public async Task Every_zammad_message_is_filed_without_error_and_new_ones_open_records_named_by_their_subject()
    {
        // Several corpus messages share a sender: the storm limit is not what this test is about.
        await using var h = await MailboxFilingHarness.CreateAsync(options: new MonitorOptions { NewRecordsPerSenderPerHour = 1000 });
        var files = Directory.GetFiles(RepoPaths.CorpusPath("zammad-mail"), "*.box").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(109, files.Count);
        foreach (var file in files)
        {
            h.Mailbox.Deliver(await File.ReadAllBytesAsync(file));
        }

        var counts = await h.RunOnceAsync();

        var ledger = await h.LedgerAsync();
        Assert.Equal(109, ledger.Count);
        Assert.All(ledger, m => Assert.Equal(MessageState.Completed, m.State));
        var notHandled = ledger.Where(m => m.Outcome == MessageOutcome.NotHandled).Select(m => $"{m.MailboxId} {m.Subject}: {m.Reason}").ToList();
        Assert.True(notHandled.Count == 0, "not handled:\n" + string.Join("\n", notHandled));
        Assert.True(counts.NewRecords > 50, $"only {counts.NewRecords} new records from 109 messages");
        foreach (var opened in ledger.Where(m => m.Outcome == MessageOutcome.NewRecord))
        {
            var record = await h.Records.GetAsync(opened.RecordId!.Value, CancellationToken.None);
            // A sender no customer can have ("first last@example.com") opens a record without a requester.
            Assert.Equal(Core.Sending.EmailAddressSyntax.IsValid(opened.Sender) ? opened.Sender : null, record!.Requester?.Address, StringComparer.OrdinalIgnoreCase);
            if (!string.IsNullOrWhiteSpace(opened.Subject) && opened.Subject.Length < 400 && !opened.Subject.Any(char.IsControl))
            {
                Assert.Equal(string.Join(' ', opened.Subject.Split(' ', StringSplitOptions.RemoveEmptyEntries)), record.Subject); // runs of spaces collapsed
            }
        }
    }

    [Fact]
    public async Task No_sisimai_bounce_or_auto_reply_opens_a_record()
    {
        await using var h = await MailboxFilingHarness.CreateAsync(options: new MonitorOptions { NewRecordsPerSenderPerHour = 100_000, GroupSize = 200, FetchBatch = 1000 });
        var files = Directory.GetFiles(RepoPaths.CorpusPath("sisimai", "maildir", "bsd")).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 600, $"{files.Count} files");
        foreach (var file in files)
        {
            h.Mailbox.Deliver(await File.ReadAllBytesAsync(file));
        }

        var counts = await h.RunOnceAsync();

        Assert.Equal(0, counts.NewRecords);
        Assert.Equal(0, counts.NotHandled);
        var ledger = await h.LedgerAsync();
        Assert.Equal(files.Count, ledger.Count);
        Assert.All(ledger, m => Assert.Equal(MessageState.Completed, m.State));
        Assert.All(ledger, m => Assert.Contains(m.Outcome, new[] { MessageOutcome.Skipped, MessageOutcome.Duplicate }));
    }
}
