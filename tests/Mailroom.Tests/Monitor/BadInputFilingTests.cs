using System.IO.Compression;
using System.Text;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Hostile and broken mail through the real filer: it never crashes the monitor and never stalls the mailbox; each
/// message is filed as well as it can be, or set aside in Not handled with its raw bytes and a reason.
/// </summary>
public sealed class BadInputFilingTests
{
    private const int Limit = 640 * 1024;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Broken_mail_is_filed_as_well_as_it_can_be_or_set_aside_with_its_raw_bytes_and_the_mailbox_never_stalls(string kind)
    {
        await using var h = await MailboxFilingHarness.CreateAsync(kind, new MonitorOptions { MaxMessageBytes = Limit });
        var cases = Cases();
        foreach (var (_, raw, _) in cases)
        {
            h.Mailbox.Deliver(raw);
        }

        var counts = await h.RunOnceAsync();
        var again = await h.RunOnceAsync();

        Assert.Equal(cases.Count, counts.Fetched);
        Assert.Equal(0, again.Fetched + again.FiledExisting + again.NewRecords + again.NotHandled + again.Skipped);
        Assert.Equal(cases.Count, h.Mailbox.Completed.Count); // every message got its post-action: nothing is stuck
        var ledger = await h.LedgerAsync();
        Assert.Equal(cases.Count, ledger.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            var (name, raw, expected) = cases[i];
            var row = ledger[i];
            Assert.True(row.State == MessageState.Completed, $"{name}: state {row.State}");
            Assert.True(row.Outcome == expected, $"{name}: {row.Outcome} ({row.Reason}), expected {expected}");
            if (row.Outcome == MessageOutcome.NotHandled)
            {
                Assert.False(string.IsNullOrWhiteSpace(row.Reason), $"{name}: set aside without a reason");
                Assert.Equal(raw, await h.RawAsync(row));
            }
            else
            {
                // Filed: the journal keeps the message byte for byte.
                var entry = Assert.Single(await h.Journal.ListForRecordAsync(row.RecordId!.Value, CancellationToken.None));
                Assert.Equal(raw, await h.Journal.GetRawAsync(entry.Id, CancellationToken.None));
            }
        }

        Assert.Contains("cannot be read as MIME", ledger[Index(cases, "no headers at all")].Reason, StringComparison.Ordinal);
        var huge = ledger[Index(cases, "above the size limit")];
        Assert.Contains("larger than", huge.Reason, StringComparison.Ordinal);
        var hugeEntry = Assert.Single(await h.Journal.ListForRecordAsync(huge.RecordId!.Value, CancellationToken.None));
        Assert.Null(hugeEntry.Mail!.TextBody); // not parsed further
        var parts = Assert.Single(await h.Journal.ListForRecordAsync(ledger[Index(cases, "thousands of parts")].RecordId!.Value, CancellationToken.None));
        Assert.Equal(3000, parts.Mail!.Attachments.Count);
    }

    private static int Index(List<(string Name, byte[] Raw, string Outcome)> cases, string name) => cases.FindIndex(c => c.Name == name);

    private static List<(string Name, byte[] Raw, string Outcome)> Cases()
    {
        var cases = new List<(string, byte[], string)>();
        void Add(string name, string outcome, string headers, string body) =>
            cases.Add((name, Latin1($"From: Sender <s{cases.Count}@customers.test>\nTo: desk@desk.test\n{headers}\n{body}"), outcome));

        Add("unterminated multipart", MessageOutcome.NewRecord, "Subject: Unterminated multipart message\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n",
            "--b1\nContent-Type: text/plain\n\nThe text part.\n--b1\nContent-Type: application/pdf; name=\"a.pdf\"\nContent-Transfer-Encoding: base64\n\n!!!not base64 at all###\n");
        Add("multipart without boundary", MessageOutcome.NewRecord, "Subject: Multipart without a boundary\nContent-Type: multipart/mixed\n", "Just text.\n");
        Add("unknown charset", MessageOutcome.NewRecord, "Subject: =?x-no-such-charset?B?//79/A==?= unknown charset subject\nContent-Type: text/plain; charset=\"x-no-such-charset\"\n",
            "Caf\u00e9 \u00ff\u00fe broken.\n");
        Add("invalid utf-8", MessageOutcome.NewRecord, "Subject: Invalid UTF-8 in the body here\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n",
            "Bad bytes: \u00c3\u0028 \u00a0\u00a1 \u00f0\u0028\u008c\u0028 end.\n");
        Add("duplicate headers", MessageOutcome.NewRecord,
            "From: Other <other@customers.test>\nSubject: First subject of two\nSubject: Second subject of two\nMessage-ID: <dup-1@customers.test>\nMessage-ID: <dup-2@customers.test>\nContent-Type: text/plain\nContent-Type: text/html\n",
            "Which one wins?\n");
        Add("enormous header", MessageOutcome.NewRecord,
            "Subject: " + string.Join("\n ", Enumerable.Repeat("an enormous subject line", 8000)) + "\nReferences: "
            + string.Join("\n ", Enumerable.Range(0, 5000).Select(i => $"<ref-{i}@customers.test>")) + "\n",
            "Body of the enormous-header message.\n");
        Add("thousands of parts", MessageOutcome.NewRecord, "Subject: Three thousand attachments here\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"p\"\n",
            "--p\nContent-Type: text/plain\n\nSee the attachments.\n"
            + string.Concat(Enumerable.Range(0, 3000).Select(i => $"--p\nContent-Type: text/plain; name=\"f{i}.txt\"\nContent-Disposition: attachment; filename=\"f{i}.txt\"\n\nfile {i}\n"))
            + "--p--\n");
        Add("zip of zips", MessageOutcome.NewRecord, "Subject: A zip of zips attached here\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"z\"\n",
            "--z\nContent-Type: text/plain\n\nUnpack me.\n--z\nContent-Type: application/zip; name=\"bomb.zip\"\nContent-Disposition: attachment; filename=\"bomb.zip\"\nContent-Transfer-Encoding: base64\n\n"
            + Convert.ToBase64String(ZipOfZips(8), Base64FormattingOptions.InsertLineBreaks) + "\n--z--\n");
        Add("deep nesting", MessageOutcome.NewRecord, "Subject: Five hundred nested multiparts\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"n0\"\n",
            string.Concat(Enumerable.Range(1, 500).Select(i => $"--n{i - 1}\nContent-Type: multipart/mixed; boundary=\"n{i}\"\n\n")) + "--n500\nContent-Type: text/plain\n\ndeep\n");
        Add("nul bytes", MessageOutcome.NewRecord, "Subject: NUL\0 bytes in the subject\nContent-Type: text/plain\n", "A body\0 with NUL\0 bytes.\n");
        Add("above the size limit", MessageOutcome.NewRecord, "Subject: A message above the size limit\nContent-Type: text/plain\n",
            string.Join("\n", Enumerable.Repeat(new string('x', 76), (Limit / 77) + 1000)) + "\n");
        cases.Add(("no headers at all", Latin1("hello world, no headers here\n"), MessageOutcome.NotHandled));
        cases.Add(("empty", [], MessageOutcome.NotHandled));
        var garbage = new byte[64 * 1024];
        new Random(42).NextBytes(garbage);
        cases.Add(("binary garbage", garbage, MessageOutcome.NotHandled));
        return cases;
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal));

    /// <summary>A zip holding a zip holding a zip..., <paramref name="depth"/> deep, the innermost a file of zeros.</summary>
    private static byte[] ZipOfZips(int depth)
    {
        var content = new byte[100_000];
        var name = "zeros.bin";
        for (var i = 0; i < depth; i++)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }

            content = buffer.ToArray();
            name = $"level{i}.zip";
        }

        return content;
    }
}
