namespace Mailroom.Engine.OAuth;

/// <summary>The token source's log events (ids 4700-4799). Account ids and times only: never a token.</summary>
internal static partial class OAuthLog
{
    [LoggerMessage(4700, LogLevel.Information, "Account {AccountId} ({User}): access token renewed, valid until {ExpiresAt}; refresh token {Refresh}")]
    public static partial void Renewed(ILogger logger, long accountId, string user, DateTimeOffset expiresAt, string refresh);

    [LoggerMessage(4701, LogLevel.Debug, "Account {AccountId} ({User}): another node is renewing the access token; waiting for its result")]
    public static partial void WaitingForOtherNode(ILogger logger, long accountId, string user);

    [LoggerMessage(4702, LogLevel.Warning, "Account {AccountId} ({User}): sign-in needed: {Reason}")]
    public static partial void SignInNeeded(ILogger logger, long accountId, string user, string reason);

    [LoggerMessage(4703, LogLevel.Warning, "Account {AccountId} ({User}): renewing the access token failed for now; tried again at the next use: {Reason}")]
    public static partial void RenewalFailed(ILogger logger, long accountId, string user, string reason);

    [LoggerMessage(4704, LogLevel.Information, "Account {AccountId} ({User}): signed in; the refresh token is kept sealed")]
    public static partial void SignedIn(ILogger logger, long accountId, string user);
}
