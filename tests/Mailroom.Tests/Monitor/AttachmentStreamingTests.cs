using System.Security.Cryptography;
using Dapper;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Xunit.Abstractions;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Large attachments through the real filer on both databases: imported byte for byte, or refused above the item's
/// size limit without being stored; the raw message read back from the journal is the message as received.
/// </summary>
public sealed class AttachmentStreamingTests(ITestOutputHelper output)
{
    private const int MB = 1024 * 1024;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_30_MB_attachment_is_imported_byte_identical_one_above_the_limit_is_refused_and_the_raw_messages_read_back_exactly(string kind)
    {
        await using var h = await MailboxFilingHarness.CreateAsync(kind, new MonitorOptions { MaxMessageBytes = 100L * MB });
        var monitors = h.Services.GetRequiredService<MonitorStore>();
        var monitor = (await monitors.FindByAccountAsync(h.Account.Id, CancellationToken.None))!;
        monitor.DefaultItem = $$"""{"actions":[{"type":"create-record"},{"type":"attach"},{"type":"import-attachments","max-bytes":{{31 * MB}}}]}""";
        await monitors.SaveAsync(monitor, CancellationToken.None);
        var scan = Bytes(30 * MB, seed: 1);
        var tooBig = Bytes((31 * MB) + 1, seed: 2);
        var imported = Message("A 30 MB scan", ("scan.tiff", scan), ("note.txt", "see the scan"u8.ToArray()));
        var refused = Message("A file one byte over the limit", ("over.bin", tooBig), ("note.txt", "too big"u8.ToArray()));
        h.Mailbox.Deliver(imported);
        h.Mailbox.Deliver(refused);

        MonitorCheckCounts counts;
        using (var peak = PeakManagedMemory.Start())
        {
            counts = await h.RunOnceAsync();
            output.WriteLine($"{kind}: filing two messages with 30 MB and 31 MB attachments: {peak.Report()}");
        }

        Assert.Equal(2, counts.NewRecords);
        var ledger = await h.LedgerAsync();

        var first = Assert.Single(await h.Journal.ListForRecordAsync(ledger[0].RecordId!.Value, CancellationToken.None));
        Assert.Equal(["scan.tiff", "note.txt"], first.Mail!.Attachments.Select(a => a.FileName));
        Assert.Equal(scan.Length, first.Mail.Attachments[0].Size);
        await using (var stored = await h.Journal.OpenAttachmentAsync(first.Mail.Attachments[0].Id, CancellationToken.None))
        {
            Assert.Equal(Convert.ToHexString(SHA256.HashData(scan)), Convert.ToHexString(await SHA256.HashDataAsync(stored!.Content)));
        }

        // Refused: not on the entry, not in the database; the small file beside it is imported; the raw copy keeps it all.
        var second = Assert.Single(await h.Journal.ListForRecordAsync(ledger[1].RecordId!.Value, CancellationToken.None));
        Assert.Equal(["note.txt"], second.Mail!.Attachments.Select(a => a.FileName));
        await using (var connection = await h.Database.OpenAsync(CancellationToken.None))
        {
            var names = await connection.QueryAsync<string>("SELECT file_name FROM mail_attachments ORDER BY id");
            Assert.Equal(["scan.tiff", "note.txt", "note.txt"], names);
        }

        Assert.Equal(Sha(imported), await RawShaAsync(h, first.Id));
        Assert.Equal(Sha(refused), await RawShaAsync(h, second.Id));
        Assert.Empty(Directory.EnumerateFiles(h.Messages.Spool.Root, "*.attachment", SearchOption.AllDirectories)); // no scratch left
    }

    private static async Task<string> RawShaAsync(MailboxFilingHarness h, long entryId)
    {
        await using var raw = await h.Journal.OpenRawAsync(entryId, CancellationToken.None);
        return Convert.ToHexString(await SHA256.HashDataAsync(raw!));
    }

    private static string Sha(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>Pseudo-random bytes: incompressible, and any shifted or dropped block changes the digest.</summary>
    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A message from a customer with a text body and the files as base64 attachments, as raw bytes.</summary>
    private static byte[] Message(string subject, params (string Name, byte[] Content)[] files)
    {
        var body = new Multipart("mixed") { new TextPart("plain") { Text = "Files attached." } };
        foreach (var (name, content) in files)
        {
            body.Add(new MimePart("application", "octet-stream")
            {
                FileName = name,
                Content = new MimeContent(new MemoryStream(content)),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = name },
                ContentTransferEncoding = ContentEncoding.Base64,
            });
        }

        var message = new MimeMessage { Subject = subject, Body = body, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customers.test") };
        message.From.Add(new MailboxAddress("Customer", "customer@customers.test"));
        message.To.Add(new MailboxAddress("Desk", "desk@desk.test"));
        using var raw = new MemoryStream();
        message.WriteTo(raw);
        return raw.ToArray();
    }
}
