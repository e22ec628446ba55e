namespace Mailroom.Mail;

/// <summary>Why talking to a mail server failed, in the terms an administrator fixes it by.</summary>
public enum MailFailureKind
{
    HostNotFound,
    ConnectionRefused,
    TimedOut,
    CertificateNotTrusted,
    StartTlsNotOffered,
    AuthenticationFailed,
    FolderNotFound,
    ProtocolError,
    ServerError,
}
