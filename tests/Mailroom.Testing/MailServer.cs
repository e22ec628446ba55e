using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Mailroom.Testing;

/// <summary>
/// The real Dovecot and Postfix started by scripts/mail-server, shared by every test on the machine. Each test makes
/// its own users (<see cref="CreateUserAsync"/>) so tests never see each other's mail. Every member starts the servers
/// once per test process when needed; when they cannot be started the call throws with the script's stderr, so the
/// test fails rather than skips. Every domain is local: mail to an address that is not a created user is refused with
/// 550 at RCPT. The certificate is self-signed: connect with <see cref="AcceptAnyCertificate"/> or test its refusal.
/// </summary>
public static class MailServer
{
    public const string Host = "127.0.0.1";
    public const int SmtpPort = 25;
    public const int SubmissionPort = 587;
    public const int SmtpsPort = 465;
    public const int ImapPort = 143;
    public const int ImapsPort = 993;
    public const int Pop3Port = 110;
    public const int Pop3sPort = 995;

    /// <summary>The domain of users made by <see cref="CreateUserAsync"/> unless another is given.</summary>
    public const string DefaultDomain = "mailroom-tests.test";

    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static Task? started;

    /// <summary>A certificate callback that accepts the servers' self-signed certificate.</summary>
    public static RemoteCertificateValidationCallback AcceptAnyCertificate { get; } = AcceptAll;

    /// <summary>Runs <c>scripts/mail-server start</c> once per process (a no-op when the servers already run).</summary>
    public static async Task EnsureStartedAsync(CancellationToken cancellationToken = default)
    {
        await StartLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A failed start is not cached: the next test tries again and reports its own error.
            if (started is null || started.IsFaulted || started.IsCanceled)
            {
                started = ScriptRunner.RunAsync("mail-server", ["start"], "scripts/mail-server start", CancellationToken.None);
            }
        }
        finally
        {
            StartLock.Release();
        }

        await started.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The HS256 key Dovecot's <c>oauth2</c> passdb validates access tokens with (<c>introspection_mode = local</c>),
    /// made once by scripts/mail-server in its state directory. Tokens signed with it (see
    /// <c>OAuth.OAuthTestServer.StartForMailServerAsync</c>) sign in over XOAUTH2 and OAUTHBEARER on IMAP, POP3 and
    /// SMTP submission, as the user named in their <c>sub</c>.
    /// </summary>
    public static async Task<byte[]> OAuthSigningKeyAsync(CancellationToken cancellationToken = default)
    {
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var state = Environment.GetEnvironmentVariable("MAILROOM_STATE") is { Length: > 0 } dir ? dir : "/var/lib/mailroom-test";
        var path = Path.Combine(state, "mail-server", "dovecot", "oauth2-keys", "default", "HS256", "default");
        try
        {
            return Convert.FromBase64String((await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new InvalidOperationException(
                $"The OAuth signing key of the test Dovecot could not be read from {path} ({e.Message}); scripts/mail-server start makes it (as root).", e);
        }
    }

    /// <summary>Creates a mailbox <c>PREFIX-GUID8@DOMAIN</c> with a random password.</summary>
    public static async Task<MailUser> CreateUserAsync(string prefix = "u", string domain = DefaultDomain, CancellationToken cancellationToken = default)
    {
        var address = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}@{domain}".ToLowerInvariant();
        var password = "Pw-" + Guid.NewGuid().ToString("N");
        await AddUserAsync(address, password, cancellationToken).ConfigureAwait(false);
        return new MailUser(address, password);
    }

    /// <summary>Creates the mailbox ADDRESS, or sets its password when it exists.</summary>
    public static async Task AddUserAsync(string address, string password, CancellationToken cancellationToken = default)
    {
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        await ScriptRunner.RunAsync("mail-server", ["add-user", address, password], $"scripts/mail-server add-user {address}", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Ends every IMAP and POP3 session of <paramref name="address"/> (<c>doveadm kick</c>), as Exchange ends a session
    /// whose token expired: Dovecot checks a token only at login, so a test of renewal during IDLE kicks, and the
    /// client must reconnect with a fresh token. A user without sessions is no error.
    /// </summary>
    public static async Task KickAsync(string address, CancellationToken cancellationToken = default)
    {
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        await ScriptRunner.RunAsync("mail-server", ["kick", address], $"scripts/mail-server kick {address}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Delivers a message to <paramref name="to"/> through SMTP port 25 without authentication, as a
    /// stranger's server would. The envelope sender is the message's first From address, or a fixed one.</summary>
    public static async Task DeliverAsync(string to, MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var sender = message.From.Mailboxes.FirstOrDefault() ?? new MailboxAddress("Sender", "sender@" + DefaultDomain);
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(Host, SmtpPort, SecureSocketOptions.None, cancellationToken).ConfigureAwait(false);
        await smtp.SendAsync(message, sender, [MailboxAddress.Parse(to)], cancellationToken).ConfigureAwait(false);
        await smtp.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Delivers a raw RFC 5322 message (for example a corpus .eml file's bytes) to <paramref name="to"/>
    /// through SMTP port 25, byte for byte (bare LF becomes CRLF). The envelope sender is a fixed address.
    /// A refusal throws an <see cref="IOException"/> with the server's reply.</summary>
    public static Task DeliverRawAsync(string to, byte[] rawMessage, CancellationToken cancellationToken = default) =>
        DeliverRawAsync(to, rawMessage, "sender@" + DefaultDomain, cancellationToken);

    /// <summary>As <see cref="DeliverRawAsync(string, byte[], CancellationToken)"/>, with the given envelope sender.</summary>
    public static async Task DeliverRawAsync(string to, byte[] rawMessage, string envelopeFrom, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawMessage);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        await RawSmtp.SendAsync(Host, SmtpPort, envelopeFrom, to, rawMessage, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An IMAP client logged in as <paramref name="user"/> over SSL on 993, accepting the self-signed
    /// certificate. The caller disposes it.</summary>
    public static async Task<ImapClient> ConnectImapAsync(MailUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var imap = new ImapClient { ServerCertificateValidationCallback = AcceptAnyCertificate };
        try
        {
            await imap.ConnectAsync(Host, ImapsPort, SecureSocketOptions.SslOnConnect, cancellationToken).ConfigureAwait(false);
            await imap.AuthenticateAsync(user.Address, user.Password, cancellationToken).ConfigureAwait(false);
            return imap;
        }
        catch
        {
            imap.Dispose();
            throw;
        }
    }

    /// <summary>A POP3 client logged in as <paramref name="user"/> over SSL on 995, accepting the self-signed
    /// certificate. The caller disposes it.</summary>
    public static async Task<Pop3Client> ConnectPop3Async(MailUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var pop3 = new Pop3Client { ServerCertificateValidationCallback = AcceptAnyCertificate };
        try
        {
            await pop3.ConnectAsync(Host, Pop3sPort, SecureSocketOptions.SslOnConnect, cancellationToken).ConfigureAwait(false);
            await pop3.AuthenticateAsync(user.Address, user.Password, cancellationToken).ConfigureAwait(false);
            return pop3;
        }
        catch
        {
            pop3.Dispose();
            throw;
        }
    }

    /// <summary>An SMTP client on submission port 587 with STARTTLS, authenticated as <paramref name="user"/>,
    /// accepting the self-signed certificate. The caller disposes it.</summary>
    public static async Task<SmtpClient> ConnectSubmissionAsync(MailUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var smtp = new SmtpClient { ServerCertificateValidationCallback = AcceptAnyCertificate };
        try
        {
            await smtp.ConnectAsync(Host, SubmissionPort, SecureSocketOptions.StartTls, cancellationToken).ConfigureAwait(false);
            await smtp.AuthenticateAsync(user.Address, user.Password, cancellationToken).ConfigureAwait(false);
            return smtp;
        }
        catch
        {
            smtp.Dispose();
            throw;
        }
    }

    /// <summary>The messages now in <paramref name="folder"/> of <paramref name="user"/>'s mailbox, oldest first,
    /// read over IMAPS without changing their flags.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> ReadMailboxAsync(MailUser user, string folder = "INBOX", CancellationToken cancellationToken = default)
    {
        using var imap = await ConnectImapAsync(user, cancellationToken).ConfigureAwait(false);
        var box = string.Equals(folder, "INBOX", StringComparison.OrdinalIgnoreCase)
            ? imap.Inbox
            : await imap.GetFolderAsync(folder, cancellationToken).ConfigureAwait(false);
        await box.OpenAsync(FolderAccess.ReadOnly, cancellationToken).ConfigureAwait(false);
        var messages = new List<MimeMessage>(box.Count);
        for (var i = 0; i < box.Count; i++)
        {
            messages.Add(await box.GetMessageAsync(i, cancellationToken).ConfigureAwait(false));
        }

        await imap.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        return messages;
    }

    /// <summary>Waits until <paramref name="user"/>'s <paramref name="folder"/> holds at least
    /// <paramref name="count"/> messages (delivery through Postfix is asynchronous) and returns them all. Throws a
    /// <see cref="TimeoutException"/> naming what it found when they do not arrive within the timeout (default two
    /// minutes: it costs nothing when the mail comes, and a loaded machine's Postfix can take its time).</summary>
    public static async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(
        MailUser user, int count = 1, string folder = "INBOX", TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await WaitFor.ValueAsync(
            () => ReadMailboxAsync(user, folder, cancellationToken), messages => messages.Count >= count, timeout ?? TimeSpan.FromMinutes(2),
            $"{user.Address} {folder} holding at least {count} message(s)", TimeSpan.FromMilliseconds(200),
            messages => $"{messages.Count} message(s): [{string.Join(", ", messages.Select(m => $"\"{m.Subject}\""))}]",
            cancellationToken).ConfigureAwait(false);
    }

    private static bool AcceptAll(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;
}
