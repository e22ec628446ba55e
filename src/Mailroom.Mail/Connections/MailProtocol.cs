namespace Mailroom.Mail.Connections;

/// <summary>The protocol spoken on a connection, for messages and the default SSL ports.</summary>
internal enum MailProtocol
{
    Imap,
    Pop3,
    Smtp,
}
