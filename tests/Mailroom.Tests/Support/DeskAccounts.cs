using Mailroom.Core.Accounts;
using Mailroom.Testing;

namespace Mailroom.Tests.Support;

/// <summary>The desk's account on the shared Dovecot and Postfix, as the sending and filing harnesses add it.</summary>
internal static class DeskAccounts
{
    public static Account For(
        MailUser desk,
        AccountType type = AccountType.Imap,
        int smtpPort = MailServer.SubmissionPort,
        ConversationIdPlacement placement = ConversationIdPlacement.Subject,
        bool availableToUsers = true) => new()
    {
        Name = "Desk-" + Guid.NewGuid().ToString("N")[..8],
        Type = type,
        AvailableToUsers = availableToUsers,
        Incoming = type == AccountType.Pop3
            ? new IncomingServer(MailServer.Host, MailServer.Pop3sPort, SecurityMode.Ssl)
            : new IncomingServer(MailServer.Host, MailServer.ImapsPort, SecurityMode.Ssl),
        Outgoing = new OutgoingServer(MailServer.Host, smtpPort, SecurityMode.StartTls),
        Credentials = new Credentials(desk.Address, new Secret(desk.Password)),
        AllowInvalidCertificate = true,
        ConversationId = placement,
        From = new FromSettings(false, false, [desk.Address], desk.Address),
    };
}
