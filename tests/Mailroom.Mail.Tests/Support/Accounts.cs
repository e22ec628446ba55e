using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;
using Mailroom.Mail.OAuth;
using Mailroom.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mailroom.Mail.Tests.Support;

/// <summary>Accounts on the test servers, and the connector and factory under test.</summary>
internal static class Accounts
{
    public static Account Imap(MailUser user, SecurityMode security = SecurityMode.Ssl, int? port = null, bool allowInvalid = true, string host = MailServer.Host) =>
        Make(AccountType.Imap, user, security, port, allowInvalid, host);

    public static Account Pop3(MailUser user, SecurityMode security = SecurityMode.Ssl, int? port = null, bool allowInvalid = true, string host = MailServer.Host) =>
        Make(AccountType.Pop3, user, security, port, allowInvalid, host);

    public static Account WithSmtp(this Account account, SecurityMode security = SecurityMode.StartTls, int? port = 587, string host = MailServer.Host) =>
        account with { Outgoing = new OutgoingServer(host, port, security) };

    /// <summary>
    /// The connector under test. Its limits are generous (60 s) because the test servers share a loaded 2-core
    /// machine with other test runs; a test about timeouts passes its own short <paramref name="connectTimeout"/>, and
    /// one about access tokens ending its fake <paramref name="time"/> and where the <paramref name="tokens"/> come from.
    /// </summary>
    public static MailConnector Connector(
        ILogger<MailConnector>? logger = null, TimeSpan? connectTimeout = null, int? chunk = null, TimeProvider? time = null, IAccessTokenSource? tokens = null,
        int? listChunk = null) =>
        new(Options.Create(new MailConnectionOptions
        {
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(60),
            CommandTimeout = TimeSpan.FromSeconds(60),
            FetchChunkBytes = chunk ?? 1024 * 1024,
            ListChunk = listChunk ?? 1000,
        }), logger ?? NullLogger<MailConnector>.Instance, time ?? TimeProvider.System, tokens);

    public static MailTransportFactory Factory(MailConnector? connector = null) => new(connector ?? Connector());

    private static Account Make(AccountType type, MailUser user, SecurityMode security, int? port, bool allowInvalid, string host) => new()
    {
        Name = $"test-{Guid.NewGuid().ToString("N")[..6]}",
        Type = type,
        Incoming = new IncomingServer(host, port, security),
        Outgoing = new OutgoingServer(host, 587, SecurityMode.StartTls),
        Credentials = new Credentials(user.Address, new Secret(user.Password)),
        AllowInvalidCertificate = allowInvalid,
    };
}
