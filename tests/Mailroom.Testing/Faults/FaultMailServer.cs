using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Mailroom.Testing.Faults;

/// <summary>
/// A second, separate Dovecot and Postfix that fault tests may stop, start and make refuse mail: scripts/mail-server
/// with its own state directory (<c>$MAILROOM_STATE-faults</c>) and every port moved by <see cref="PortBase"/>. The
/// shared servers other tests use are never touched. Tests that use it must not run at the same time (one xUnit
/// collection): each assumes it is the only one stopping and starting it.
/// </summary>
public static class FaultMailServer
{
    /// <summary>Every port is this plus its usual number: IMAPS 20993, SMTP 20025.</summary>
    public const int PortBase = 20000;

    public const int SmtpPort = PortBase + 25;
    public const int ImapsPort = PortBase + 993;

    /// <summary>The state directory beside the shared servers' (<c>/var/lib/mailroom-test-faults</c> by default).</summary>
    public static string State { get; } =
        (Environment.GetEnvironmentVariable("MAILROOM_STATE") is { Length: > 0 } shared ? shared.TrimEnd('/') : "/var/lib/mailroom-test") + "-faults";

    private static IReadOnlyDictionary<string, string> ScriptEnvironment { get; } = new Dictionary<string, string>
    {
        ["MAILROOM_STATE"] = State,
        ["MAILROOM_PORT_BASE"] = PortBase.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Starts whichever of the two is not running and puts the SMTP port back to taking mail (a start rewrites its
    /// entry): every test begins from servers that work, whatever an earlier failed test left.
    /// </summary>
    public static Task StartAsync(CancellationToken cancellationToken = default) => RunAsync(["start"], cancellationToken);

    /// <summary>Stops Dovecot (<c>"dovecot"</c>), Postfix (<c>"postfix"</c>) or both (null); returns once their ports are closed.</summary>
    public static Task StopAsync(string? server = null, CancellationToken cancellationToken = default) =>
        RunAsync(server is null ? ["stop"] : ["stop", server], cancellationToken);

    /// <summary>On: the SMTP port answers every new client <c>421</c> and hangs up; off: it takes mail again.</summary>
    public static Task RefuseSmtpAsync(bool refuse, CancellationToken cancellationToken = default) =>
        RunAsync(["smtp-refuse", refuse ? "on" : "off"], cancellationToken);

    /// <summary>Creates a mailbox <c>PREFIX-GUID8@faults.test</c> on this instance with a random password.</summary>
    public static async Task<MailUser> CreateUserAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var user = new MailUser($"{prefix}-{Guid.NewGuid().ToString("N")[..8]}@faults.test".ToLowerInvariant(), "Pw-" + Guid.NewGuid().ToString("N"));
        await ScriptRunner.RunAsync("mail-server", ["add-user", user.Address, user.Password], $"scripts/mail-server add-user {user.Address} (faults instance)",
            ScriptEnvironment, cancellationToken).ConfigureAwait(false);
        return user;
    }

    /// <summary>An IMAP client logged in as <paramref name="user"/> on this instance's IMAPS port. The caller disposes it.</summary>
    public static async Task<ImapClient> ConnectImapAsync(MailUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var imap = new ImapClient { ServerCertificateValidationCallback = MailServer.AcceptAnyCertificate };
        try
        {
            await imap.ConnectAsync(MailServer.Host, ImapsPort, SecureSocketOptions.SslOnConnect, cancellationToken).ConfigureAwait(false);
            await imap.AuthenticateAsync(user.Address, user.Password, cancellationToken).ConfigureAwait(false);
            return imap;
        }
        catch
        {
            imap.Dispose();
            throw;
        }
    }

    /// <summary>The Message-IDs (without angle brackets) of every message in <paramref name="user"/>'s INBOX, one per message.</summary>
    public static async Task<IReadOnlyList<string>> InboxMessageIdsAsync(MailUser user, CancellationToken cancellationToken = default)
    {
        using var imap = await ConnectImapAsync(user, cancellationToken).ConfigureAwait(false);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken).ConfigureAwait(false);
        var ids = imap.Inbox.Count == 0
            ? []
            : (await imap.Inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope, cancellationToken).ConfigureAwait(false))
                .Select(s => s.Envelope?.MessageId ?? "").ToList();
        await imap.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        return ids;
    }

    /// <summary>Appends <paramref name="messages"/> to <paramref name="user"/>'s INBOX, unread, in chunks of 100.</summary>
    public static async Task AppendAsync(MailUser user, IEnumerable<MimeMessage> messages, CancellationToken cancellationToken = default)
    {
        using var imap = await ConnectImapAsync(user, cancellationToken).ConfigureAwait(false);
        await imap.Inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in messages.Select(m => (IAppendRequest)new AppendRequest(m, MessageFlags.None)).Chunk(100))
        {
            await imap.Inbox.AppendAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        await imap.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        await ScriptRunner.RunAsync("mail-server", args, $"scripts/mail-server {string.Join(' ', args)} (faults instance, port base {PortBase})",
            ScriptEnvironment, cancellationToken).ConfigureAwait(false);
}
