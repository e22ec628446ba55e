using Mailroom.Core.Records;
using Mailroom.Data.Monitor;
using Mailroom.Data.Tests.Support;

namespace Mailroom.Data.Tests.Records;

/// <summary>Received mail for the journal tests: a ledger row with its raw bytes, and the entry the monitor would file.</summary>
internal static class ReceivedMail
{
    public static async Task<ReceivedMessage> ReceiveAsync(StoreHarness db, long accountId, string mailboxId, byte[] raw)
    {
        var store = new MonitorMessageStore(db.Database, new RawMessageSpool(db.DataDirectory, TimeProvider.System), TimeProvider.System);
        await using var staged = await store.Spool.StageAsync(new MemoryStream(raw), default);
        var rows = await store.ReceiveAsync([new ReceivedBatchItem(new ReceivedMessage { AccountId = accountId, FolderKey = "INBOX", MailboxId = mailboxId }, staged)], null, default);
        return Assert.Single(rows);
    }

    public static NewMailEntry Entry(long recordId, long? customerId) =>
        new(recordId, customerId, new MailHistory { Direction = MailDirection.Incoming, From = "cust@example.test", Subject = "Scan attached" }, [],
            ReadOnlyMemory<byte>.Empty, Text: "Scan attached");

    /// <summary>Pseudo-random bytes: no layer can pass the test by compressing or by chance.</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
