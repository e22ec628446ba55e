using System.Diagnostics;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Mailroom.Mail.Tests.Support;

/// <summary>
/// The repository's real Dovecot and Postfix (scripts/mail-server), started once per test run; users are created
/// with unique names so tests never share a mailbox. A server that cannot be had fails the test, never skips it.
/// </summary>
internal static class TestMailServer
{
    public const string Host = "127.0.0.1";

    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static bool _started;

    public static async Task<TestUser> CreateUserAsync(string prefix = "u")
    {
        await EnsureStartedAsync();
        var address = $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}@mail-tests.test";
        var password = $"Pw-{Guid.NewGuid():N}";
        await RunScriptAsync("add-user", address, password);
        return new TestUser(address, password);
    }

    /// <summary>Delivers through Postfix on port 25 (loopback may relay without signing in).</summary>
    public static async Task DeliverAsync(MimeMessage message)
    {
        await EnsureStartedAsync();
        using var client = new SmtpClient();
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await client.ConnectAsync(Host, 25, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }

    public static MimeMessage NewMessage(TestUser to, string subject, string body = "Hello from the tests.")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("sender@mail-tests.test"));
        message.To.Add(MailboxAddress.Parse(to.Address));
        message.Subject = subject;
        message.MessageId = $"{Guid.NewGuid():N}@mail-tests.test";
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    private static async Task EnsureStartedAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (!_started)
            {
                await RunScriptAsync("start");
                _started = true;
            }
        }
        finally
        {
            StartLock.Release();
        }
    }

    private static async Task RunScriptAsync(params string[] args)
    {
        var script = FindScript();
        var info = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not run {script}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {args[0]} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "mail-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("scripts/mail-server was not found above the test's directory; the mail tests need the real servers.");
    }
}
