namespace Mailroom.Mail;

/// <summary>
/// Connecting or signing in to a mail server failed. The message says what failed, the likely cause and the next
/// step; <see cref="Kind"/> lets callers (Test Account, the monitor's status) react without parsing text.
/// </summary>
public sealed class MailConnectionException : Exception
{
    public MailConnectionException(MailFailureKind kind, string message, string? serverReply = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        ServerReply = serverReply;
    }

    public MailFailureKind Kind { get; }

    /// <summary>
    /// Whether trying again later may help: a server that is down, unreachable, slow or erring is temporary; a refused
    /// sign-in, an untrusted certificate, a missing folder or a wrong port needs someone to change the account.
    /// </summary>
    public bool IsTransient => Kind is MailFailureKind.ConnectionRefused or MailFailureKind.TimedOut or MailFailureKind.HostNotFound or MailFailureKind.ServerError;

    public string? ServerReply { get; }
}
