using Dapper;
using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Shapes;
using MimeKit;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// Mail filed from the real Dovecot keeps its raw message once (issue #16): the record's download and the ledger give
/// the very bytes the server holds, and only the ledger stores them.
/// </summary>
public sealed class RawStoredOnceFilingTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Filed_mail_downloads_exactly_the_received_bytes_and_is_stored_once(string kind)
    {
        await using var h = await FilingHarness.CreateAsync(kind);
        var request = h.FromCustomer("Scanner jams on every page", "It jams. A scan of the jam is attached.");
        var scan = new byte[1536 * 1024]; // the message passes the 1 MB kept in memory: staged and streamed through a file
        new Random(16).NextBytes(scan);
        request.Body = new Multipart("mixed")
        {
            request.Body!,
            new MimePart("image", "tiff") { FileName = "jam.tiff", Content = new MimeContent(new MemoryStream(scan)), ContentTransferEncoding = ContentEncoding.Base64 },
        };
        var reply = h.FromCustomer("Re: Scanner jams on every page", "Still jams after the reboot.");
        reply.InReplyTo = request.MessageId;
        reply.References.Add(request.MessageId!);
        byte[][] sent = [Crlf(request), Crlf(reply)];
        await using (var append = await RawImapAppend.OpenAsync(h.Desk))
        {
            foreach (var raw in sent)
            {
                Assert.Null(await append.AppendAsync("INBOX", raw)); // Dovecot holds exactly these bytes
            }
        }

        var counts = await h.RunOnceAsync();

        Assert.Equal((1, 1), (counts.NewRecords, counts.FiledExisting));
        var record = Assert.Single(await h.RecordsOfAsync(h.Customer.Address));
        var incoming = await h.IncomingOnAsync(record.Id);
        Assert.Equal(2, incoming.Count);
        var ledger = (await h.LedgerAsync()).OrderBy(m => m.Id).ToList();
        var messages = h.Get<MonitorMessageStore>();
        for (var i = 0; i < sent.Length; i++)
        {
            Assert.Equal(sent[i].Length, incoming[i].Mail!.RawSize);
            await using (var download = await RawMailDownload.OpenAsync(h.Journal, record.Id, incoming[i].Id, CancellationToken.None))
            {
                var downloaded = await ReadAllAsync(download!);
                Assert.True(sent[i].SequenceEqual(downloaded), $"the record's download of mail {i + 1} is not the bytes received");
            }

            await using (var stored = await messages.OpenRawAsync(ledger[i], CancellationToken.None))
            {
                var kept = await ReadAllAsync(stored);
                Assert.True(sent[i].SequenceEqual(kept), $"the ledger's copy of mail {i + 1} is not the bytes received");
            }
        }

        // One stored copy: the ledger's. The journal's own table holds no received mail at all.
        Assert.Equal((0L, 0L), await CountAsync(h.Database, "SELECT COUNT(*), COALESCE(SUM(length(content)), 0) FROM mail_raw"));
        Assert.Equal((2L, (long)(sent[0].Length + sent[1].Length)), await CountAsync(h.Database, "SELECT COUNT(*), COALESCE(SUM(length(raw)), 0) FROM monitor_message_raw"));
    }

    private static byte[] Crlf(MimeMessage message)
    {
        using var bytes = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, bytes);
        return bytes.ToArray();
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<(long Rows, long Bytes)> CountAsync(MailroomDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<(long, long)>(sql);
    }
}
