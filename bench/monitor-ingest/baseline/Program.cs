// The limits the monitor is measured against, both in the same run: fetch every message of the INBOX and parse each
// with MimeKit, doing nothing else (no disk, no database), first with one UID FETCH BODY.PEEK[] per 500 messages (the
// batched limit), then with one FETCH per message (the per-message limit). Prints one line each, and a last line
// "batched-rate N" that run.sh reads to compute the monitor's ratio.
using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

var (host, user, password) = (args[0], args[1], args[2]);
using var imap = new ImapClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
await imap.ConnectAsync(host, 993, SecureSocketOptions.SslOnConnect);
await imap.AuthenticateAsync(user, password);
var inbox = (ImapFolder)imap.Inbox;
await inbox.OpenAsync(FolderAccess.ReadOnly);
const int Batch = 500;
var uids = (await inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId)).Select(s => s.UniqueId).ToList();

var watch = Stopwatch.StartNew();
var count = 0;
var parts = 0;
foreach (var set in uids.Chunk(Batch))
{
    await inbox.GetStreamsAsync(set, async (_, _, _, stream, ct) =>
    {
        var message = await MimeMessage.LoadAsync(stream, ct);
        parts += message.BodyParts.Count();
        count++;
    });
}

var batched = count / watch.Elapsed.TotalSeconds;
Console.WriteLine($"baseline (MailKit fetch + MimeKit parse, {Batch} messages per FETCH): {count} messages in {watch.Elapsed.TotalSeconds:F1} s = {batched:F0} messages/s ({parts} parts)");

watch.Restart();
count = 0;
parts = 0;
foreach (var uid in uids)
{
    var message = await inbox.GetMessageAsync(uid);
    parts += message.BodyParts.Count();
    count++;
}

Console.WriteLine($"baseline (MailKit fetch + MimeKit parse, one message per FETCH): {count} messages in {watch.Elapsed.TotalSeconds:F1} s = {count / watch.Elapsed.TotalSeconds:F0} messages/s ({parts} parts)");
Console.WriteLine($"batched-rate {batched:F0}");
