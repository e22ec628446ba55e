using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Graph;

/// <summary>Log events of the Microsoft Graph client. Event ids 7200-7299 belong to Graph.</summary>
internal static partial class GraphLog
{
    [LoggerMessage(EventId = 7200, Level = LogLevel.Information,
        Message = "{Operation} for {Mailbox} will be tried again in {DelayMilliseconds} ms (try {Attempt}): {Reason}")]
    public static partial void RetryScheduled(this ILogger logger, string operation, string mailbox, long delayMilliseconds, int attempt, string reason);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information,
        Message = "Graph refused the access token for {Mailbox} ({Code}); renewing it and trying {Operation} once more")]
    public static partial void TokenRefused(this ILogger logger, string mailbox, string? code, string operation);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Warning,
        Message = "The stored delta link of folder {Folder} in {Mailbox} is no longer valid (HTTP {Status} {Code}); listing the folder afresh")]
    public static partial void DeltaReset(this ILogger logger, string folder, string mailbox, int status, string? code);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Information,
        Message = "Created folder {FolderName} in {Mailbox}")]
    public static partial void FolderCreated(this ILogger logger, string folderName, string mailbox);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Information,
        Message = "{Action} found message {MessageId} already gone from {Mailbox}; nothing left to do")]
    public static partial void MessageAlreadyGone(this ILogger logger, string action, string messageId, string mailbox);

    [LoggerMessage(EventId = 7205, Level = LogLevel.Information,
        Message = "{Count} of a $batch for {Mailbox} were throttled; sending them again in {DelayMilliseconds} ms (try {Attempt})")]
    public static partial void BatchThrottled(this ILogger logger, int count, string mailbox, long delayMilliseconds, int attempt);
}
