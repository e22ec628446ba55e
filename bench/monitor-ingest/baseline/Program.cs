// The limit the monitor is measured against: fetch every message of the INBOX with one FETCH and parse each with
// MimeKit, doing nothing else (no disk, no database).
using System.Diagnostics;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

var (host, user, password) = (args[0], args[1], args[2]);
using var imap = new ImapClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
await imap.ConnectAsync(host, 993, SecureSocketOptions.SslOnConnect);
await imap.AuthenticateAsync(user, password);
await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
var watch = Stopwatch.StartNew();
var count = 0;
var parts = 0;
const int Batch = 500;
for (var start = 0; start < imap.Inbox.Count; start += Batch)
{
    var end = Math.Min(start + Batch, imap.Inbox.Count) - 1;
    foreach (var summary in await imap.Inbox.FetchAsync(start, end, MessageSummaryItems.UniqueId))
    {
        var message = await imap.Inbox.GetMessageAsync(summary.UniqueId);
        parts += message.BodyParts.Count();
        count++;
    }
}

Console.WriteLine($"baseline (MailKit fetch + MimeKit parse, one message per FETCH): {count} messages in {watch.Elapsed.TotalSeconds:F1} s = {count / watch.Elapsed.TotalSeconds:F0} messages/s ({parts} parts)");
