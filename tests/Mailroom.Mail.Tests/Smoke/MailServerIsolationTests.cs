using System.Diagnostics;
using System.Security.Cryptography;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Mailroom.Testing;
using MimeKit;

namespace Mailroom.Mail.Tests.Smoke;

/// <summary>
/// scripts/mail-server leaves the machine alone and can run a second, separate pair of servers: started from another
/// state directory and port base, it takes and delivers mail on its own ports while /etc/postfix and /etc/dovecot
/// stay byte for byte as they were, and stopping it leaves the shared servers other tests use running.
/// </summary>
public sealed class MailServerIsolationTests
{
    private const int PortBase = 21000;

    [Fact]
    public async Task A_second_instance_from_its_own_state_and_ports_delivers_mail_and_leaves_etc_untouched()
    {
        await MailServer.EnsureStartedAsync();
        var before = EtcDigests();
        var state = Directory.CreateTempSubdirectory("mailroom-second-servers-").FullName;
        try
        {
            await RunAsync(state, "start");
            await RunAsync(state, "add-user", "second@isolated.test", "Pw-second-instance");

            using (var smtp = new SmtpClient())
            {
                await smtp.ConnectAsync(MailServer.Host, PortBase + 25, SecureSocketOptions.None);
                var message = new MimeMessage { Subject = "to the second instance" };
                message.From.Add(MailboxAddress.Parse("sender@isolated.test"));
                message.To.Add(MailboxAddress.Parse("second@isolated.test"));
                message.Body = new TextPart("plain") { Text = "hello" };
                await smtp.SendAsync(message);
                await smtp.DisconnectAsync(true);
            }

            await WaitFor.ConditionAsync(async () =>
            {
                using var imap = new ImapClient { ServerCertificateValidationCallback = MailServer.AcceptAnyCertificate };
                await imap.ConnectAsync(MailServer.Host, PortBase + 993, SecureSocketOptions.SslOnConnect);
                await imap.AuthenticateAsync("second@isolated.test", "Pw-second-instance");
                await imap.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
                return imap.Inbox.Count == 1;
            }, TimeSpan.FromMinutes(2), "the mail sent to the second instance's SMTP port reaching its IMAP mailbox", TimeSpan.FromMilliseconds(200));

            Assert.Equal(before, EtcDigests());
        }
        finally
        {
            await RunAsync(state, "stop");
            Directory.Delete(state, recursive: true);
        }

        // The shared servers were not the ones stopped.
        var shared = await MailServer.CreateUserAsync("isolation");
        using var client = await MailServer.ConnectImapAsync(shared);
        Assert.True(client.IsAuthenticated);
    }

    /// <summary>Every file of the machine's own mail configuration, by path and SHA-256.</summary>
    private static List<string> EtcDigests() =>
        new[] { "/etc/postfix", "/etc/dovecot" }.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(f => f + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))
            .ToList();

    private static async Task RunAsync(string state, params string[] arguments)
    {
        var start = new ProcessStartInfo(RepoPaths.Script("mail-server")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MAILROOM_STATE"] = state;
        start.Environment["MAILROOM_PORT_BASE"] = PortBase.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"scripts/mail-server {string.Join(' ', arguments)} (second instance) exited {process.ExitCode}: {await error}{await output}");
    }
}
