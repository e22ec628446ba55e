// The limit the outbox is measured against, in the same run: a bare MailKit loop that sends the same message N times
// over one SMTP connection (submission, STARTTLS, signed in) through the same Postfix, doing nothing else (no
// database, no state per message). Prints one line, and a last line "bare-rate N" that run.sh reads for the ratio.
using System.Diagnostics;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

var (host, user, password, file, count) = (args[0], args[1], args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
var message = await MimeMessage.LoadAsync(file);
using var smtp = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
var watch = Stopwatch.StartNew();
await smtp.ConnectAsync(host, 587, SecureSocketOptions.StartTls);
await smtp.AuthenticateAsync(user, password);
for (var i = 0; i < count; i++)
{
    await smtp.SendAsync(message);
}

await smtp.DisconnectAsync(true);
var rate = count / watch.Elapsed.TotalSeconds;
Console.WriteLine($"bare MailKit loop: {count} messages over one connection in {watch.Elapsed.TotalSeconds:0.0} s = {rate:0} messages/s");
Console.WriteLine($"bare-rate {rate:0}");
