namespace Mailroom.Engine.Monitor;

/// <summary>The monitor's log events (ids 3000-3099). Ids and counts only: never a message body or a password.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Warning, "Account {AccountId}: the server reset the checkpoint of folder {Folder}; {Count} messages listed afresh, already filed ones are recognised and not filed again")]
    public static partial void CheckpointReset(ILogger logger, long accountId, string folder, int count);

    [LoggerMessage(3001, LogLevel.Warning, "Account {AccountId}: the server refused the post-action {PostAction} on received message {MessageRowId} ({Reason}); it is tried again on the next check")]
    public static partial void PostActionFailed(ILogger logger, long accountId, long messageRowId, string postAction, string reason);

    [LoggerMessage(3002, LogLevel.Warning, "Account {AccountId}: received message {MessageRowId} could not be filed and waits in Not handled")]
    public static partial void NotHandled(ILogger logger, Exception exception, long accountId, long messageRowId);

    [LoggerMessage(3003, LogLevel.Error, "Account {AccountId}: received message {MessageRowId} stopped the monitor {Attempts} times while being filed; set aside in Not handled")]
    public static partial void PoisonMessage(ILogger logger, long accountId, long messageRowId, int attempts);

    [LoggerMessage(3004, LogLevel.Information, "Account {AccountId}: fetched {Fetched}, filed on existing records {FiledExisting}, new records {NewRecords}, skipped {Skipped}, not handled {NotHandled}")]
    public static partial void Checked(ILogger logger, long accountId, int fetched, int filedExisting, int newRecords, int skipped, int notHandled);

    [LoggerMessage(3005, LogLevel.Warning, "Account {AccountId}: the check failed; reconnecting in {DelaySeconds} s")]
    public static partial void CheckFailed(ILogger logger, Exception exception, long accountId, double delaySeconds);

    [LoggerMessage(3006, LogLevel.Information, "Account {AccountId}: monitor started on folder {Folder}")]
    public static partial void Started(ILogger logger, long accountId, string folder);

    [LoggerMessage(3007, LogLevel.Information, "Account {AccountId}: monitor stopped")]
    public static partial void Stopped(ILogger logger, long accountId);

    [LoggerMessage(3008, LogLevel.Information, "Account {AccountId}: message {MailboxId} was filed before but the server still lists it (e.g. a POP3 session dropped before QUIT restored it); {PostAction} done again, not filed again")]
    public static partial void PostActionRedone(ILogger logger, long accountId, string mailboxId, string postAction);

    [LoggerMessage(3009, LogLevel.Warning, "Account {AccountId}: message {MailboxId} was filed before and is still on the server; the server refused {PostAction} again ({Reason}), it is tried again at the next listing")]
    public static partial void PostActionRedoFailed(ILogger logger, long accountId, string mailboxId, string postAction, string reason);

    [LoggerMessage(3010, LogLevel.Warning, "Account {AccountId}: message {MailboxId} could not be read from the server; set aside as received message {MessageRowId} in Not handled with whatever raw could be had and the reason")]
    public static partial void SetAside(ILogger logger, long accountId, long messageRowId, string mailboxId);

    [LoggerMessage(3020, LogLevel.Debug, "Account {AccountId}: received message {MessageRowId} belongs on record {RecordNumber}, found by {FoundBy}")]
    public static partial void RecordFound(ILogger logger, long accountId, long messageRowId, long recordNumber, string foundBy);

    [LoggerMessage(3030, LogLevel.Warning, "Account {AccountId}: the monitor waits until someone signs in again; no mail is fetched or lost meanwhile: {Reason}")]
    public static partial void SignInNeeded(ILogger logger, long accountId, string reason);

    [LoggerMessage(3011, LogLevel.Warning, "The list of monitors could not be read; the running monitors carry on and the list is read again in {DelaySeconds} s")]
    public static partial void ListFailed(ILogger logger, Exception exception, double delaySeconds);

    [LoggerMessage(3012, LogLevel.Warning, "Account {AccountId}: the monitor's state (its last check and error) could not be saved; the next check saves it")]
    public static partial void StateNotSaved(ILogger logger, Exception exception, long accountId);

    [LoggerMessage(3090, LogLevel.Warning, "Account {AccountId}: this node no longer holds the account's lease; its work here was cancelled and another node takes over")]
    public static partial void LeaseLost(ILogger logger, long accountId);
}
