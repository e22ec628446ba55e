using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.OAuth;

/// <summary>
/// Log events of the OAuth 2.0 token client: event IDs 3200-3299. Endpoints, grants, expiry times and the provider's
/// error words only; never a token, a secret, a code or an assertion.
/// </summary>
internal static partial class OAuthLog
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Asking {TokenUrl} for a token ({Grant})")]
    public static partial void Requesting(ILogger logger, string tokenUrl, string grant);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information,
        Message = "{TokenUrl} issued an access token ({Grant}) valid until {ExpiresAt:O}; refresh token {RefreshToken}")]
    public static partial void Issued(ILogger logger, string tokenUrl, string grant, DateTimeOffset expiresAt, string refreshToken);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning,
        Message = "{TokenUrl} refused a token request ({Grant}) with HTTP {Status}: {Error}: {Description}")]
    public static partial void Refused(ILogger logger, string tokenUrl, string grant, int status, string error, string description);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "{TokenUrl} could not be reached ({Grant}): {Reason}")]
    public static partial void Unreachable(ILogger logger, string tokenUrl, string grant, string reason);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Information,
        Message = "Device sign-in started at {DeviceCodeUrl}: the person is to open {VerificationUri}; the code ends at {ExpiresAt:O}")]
    public static partial void DeviceCodeStarted(ILogger logger, string deviceCodeUrl, Uri verificationUri, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Debug, Message = "{TokenUrl}: device sign-in not finished yet ({Error}); polling again in {Interval}")]
    public static partial void DeviceCodePending(ILogger logger, string tokenUrl, string error, TimeSpan interval);
}
