namespace Mailroom.Mail.Connections;

/// <summary>What was being done when a failure happened; it decides how some exceptions read.</summary>
internal enum MailStage
{
    Connect,
    SignIn,
    OpenFolder,
    Command,
}
