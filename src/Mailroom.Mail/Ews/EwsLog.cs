using System.Net.Security;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Ews;

/// <summary>Log events of the Exchange client. Event ids 7100-7199 belong to Exchange.</summary>
internal static partial class EwsLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Warning,
        Message = "Accepting an invalid certificate from {Endpoint} ({PolicyErrors}, subject {Subject}) because the account allows invalid server certificates: the connection is not protected against impersonation")]
    public static partial void InvalidCertificateAccepted(this ILogger logger, Uri endpoint, SslPolicyErrors policyErrors, string? subject);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information,
        Message = "{Operation} at {Endpoint} will be tried again in {DelayMilliseconds} ms (try {Attempt}): {Reason}")]
    public static partial void RetryScheduled(this ILogger logger, string operation, Uri endpoint, long delayMilliseconds, int attempt, string reason);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Debug,
        Message = "{Endpoint} reports Exchange {ServerVersion}; requests now name {RequestVersion}")]
    public static partial void ServerVersionDetected(this ILogger logger, Uri endpoint, EwsServerVersion serverVersion, string requestVersion);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning,
        Message = "{Endpoint} refused RequestServerVersion {Refused} ({ResponseCode}); falling back to {Fallback}")]
    public static partial void VersionRefused(this ILogger logger, Uri endpoint, string refused, string? responseCode, string fallback);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning,
        Message = "The stored sync state of {Folder} at {Endpoint} is no longer valid ({ResponseCode}); listing the folder afresh")]
    public static partial void SyncStateReset(this ILogger logger, string folder, Uri endpoint, string? responseCode);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Information,
        Message = "{Operation} found item {ItemId} already gone from the mailbox; nothing left to do")]
    public static partial void ItemAlreadyGone(this ILogger logger, string operation, string itemId);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Information,
        Message = "Created folder {FolderName} at {Endpoint}")]
    public static partial void FolderCreated(this ILogger logger, string folderName, Uri endpoint);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Information,
        Message = "{Operation} at {Endpoint} stopped part-way: {Done} items answered, {Stopped} not processed (ErrorBatchProcessingStopped); sending those again")]
    public static partial void BatchStopped(this ILogger logger, string operation, Uri endpoint, int done, int stopped);

    [LoggerMessage(EventId = 7108, Level = LogLevel.Information,
        Message = "Waiting for new mail in {Folder} at {Endpoint} with a {Kind} subscription")]
    public static partial void Subscribed(this ILogger logger, string folder, Uri endpoint, string kind);

    [LoggerMessage(EventId = 7109, Level = LogLevel.Information,
        Message = "{Endpoint} has no streaming notifications ({ResponseCode}); using a pull subscription for {Folder}")]
    public static partial void StreamingRefused(this ILogger logger, Uri endpoint, string? responseCode, string folder);

    [LoggerMessage(EventId = 7110, Level = LogLevel.Information,
        Message = "The {Kind} subscription for {Folder} at {Endpoint} is gone ({ResponseCode}); subscribing again and checking the folder")]
    public static partial void SubscriptionGone(this ILogger logger, string kind, string folder, Uri endpoint, string? responseCode);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Warning,
        Message = "Notifications for {Folder} at {Endpoint} failed ({Reason}); polling until the next check")]
    public static partial void NotificationsFailed(this ILogger logger, string folder, Uri endpoint, string reason);
}
