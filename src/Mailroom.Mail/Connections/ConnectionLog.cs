using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Connections;

/// <summary>Log events of mail connections: event IDs 3000-3099.</summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Accepted an invalid certificate from {Endpoint} because the account allows it: {Problem}; subject {Subject}, issuer {Issuer}, expires {NotAfter}")]
    public static partial void InvalidCertificateAccepted(ILogger logger, string endpoint, string problem, string subject, string issuer, string notAfter);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Refused the certificate of {Endpoint}: {Problem}; subject {Subject}, issuer {Issuer}, expires {NotAfter}")]
    public static partial void CertificateRefused(ILogger logger, string endpoint, string problem, string subject, string issuer, string notAfter);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Connected to {Endpoint}")]
    public static partial void Connected(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Talking to {Endpoint} failed ({Kind}): {Reason}")]
    public static partial void Failed(ILogger logger, string endpoint, MailFailureKind kind, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Disconnecting from {Endpoint} failed; the connection is dropped anyway: {Reason}")]
    public static partial void DisconnectFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information,
        Message = "{Endpoint}: message {MailboxId} was listed under an earlier UIDVALIDITY, so its post-action is skipped as done; if the message is still there it is listed afresh under the new UIDVALIDITY")]
    public static partial void StaleMessageSkipped(ILogger logger, string endpoint, string mailboxId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "{Endpoint} refused the access token of account {AccountId}; renewing it once and signing in again")]
    public static partial void TokenRefused(ILogger logger, string endpoint, long accountId);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "{Endpoint}: reconnecting for account {AccountId} because {Reason}")]
    public static partial void Reconnecting(ILogger logger, string endpoint, long accountId, string reason);
}
