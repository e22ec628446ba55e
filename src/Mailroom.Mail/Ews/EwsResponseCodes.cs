namespace Mailroom.Mail.Ews;

/// <summary>What Mailroom does with Exchange's response codes (reference: ews.md section 3).</summary>
internal static class EwsResponseCodes
{
    public const string NoError = "NoError";
    public const string ServerBusy = "ErrorServerBusy";
    public const string InvalidSyncStateData = "ErrorInvalidSyncStateData";
    public const string ItemNotFound = "ErrorItemNotFound";
    public const string FolderExists = "ErrorFolderExists";
    public const string InternalServerError = "ErrorInternalServerError";
    public const string BatchProcessingStopped = "ErrorBatchProcessingStopped";
    public const string MimeContentConversionFailed = "ErrorMimeContentConversionFailed";

    // The server could not do it now; the same request may work later (throttling, a store that is moving or busy).
    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        ServerBusy,
        "ErrorTooManyObjectsOpened",
        "ErrorTimeoutExpired",
        "ErrorInternalServerTransientError",
        "ErrorMailboxStoreUnavailable",
        "ErrorMailboxMoveInProgress",
        "ErrorConnectionFailed",
        "ErrorExceededConnectionCount",
        "ErrorQuotaExceeded",
        "ErrorBatchProcessingStopped",
    };

    // The request named a version this server does not speak: step down and ask again.
    private static readonly HashSet<string> VersionMismatch = new(StringComparer.Ordinal)
    {
        "ErrorInvalidServerVersion",
        "ErrorIncorrectSchemaVersion",
        "ErrorInvalidSchemaVersionForMailboxVersion",
    };

    // The ChangeKey we held is out of date: read the current one and try once more.
    private static readonly HashSet<string> StaleChangeKey = new(StringComparer.Ordinal)
    {
        "ErrorIrresolvableConflict",
        "ErrorStaleObject",
        "ErrorChangeKeyRequiredForWriteOperations",
        "ErrorInvalidChangeKey",
    };

    // The server has no streaming notifications (Exchange 2007, 2010 RTM): use a pull subscription.
    private static readonly HashSet<string> NoStreaming = new(StringComparer.Ordinal)
    {
        "ErrorInvalidServerVersion",
        "ErrorInvalidRequest",
        "ErrorSchemaValidation",
        "ErrorIncorrectSchemaVersion",
    };

    // The subscription is gone (expired, the server restarted, another node holds it): subscribe again.
    private static readonly HashSet<string> SubscriptionGone = new(StringComparer.Ordinal)
    {
        "ErrorSubscriptionNotFound",
        "ErrorExpiredSubscription",
        "ErrorInvalidSubscription",
        "ErrorInvalidWatermark",
        "ErrorReadEventsFailed",
        "ErrorMissedNotificationEvents",
    };

    public static bool RefusesStreaming(string? code) => code is not null && NoStreaming.Contains(code);

    public static bool IsSubscriptionGone(string? code) => code is not null && SubscriptionGone.Contains(code);

    public static bool IsTransient(string? code) => code is not null && Transient.Contains(code);

    public static bool IsVersionMismatch(string? code) => code is not null && VersionMismatch.Contains(code);

    public static bool IsStaleChangeKey(string? code) => code is not null && StaleChangeKey.Contains(code);
}
