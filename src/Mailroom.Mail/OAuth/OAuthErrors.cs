using System.Text.RegularExpressions;

namespace Mailroom.Mail.OAuth;

/// <summary>
/// Turns an identity platform's refusal into the exception that tells the caller what to do: a configuration
/// error names the setting to fix; a lost sign-in is a <see cref="SignInNeededException"/>; an outage is transient.
/// The provider's <c>error</c> and <c>error_description</c> are kept as written (AADSTS codes included), because
/// Microsoft's troubleshooting pages are searched by them.
/// </summary>
internal static partial class OAuthErrors
{
    /// <summary>Microsoft codes that mean a wrong setting, and the setting (AADSTS error code reference).</summary>
    private static readonly Dictionary<long, string> ConfigurationCodes = new()
    {
        [7000215] = "client secret",        // Invalid client secret provided
        [7000218] = "client secret",        // client_assertion or client_secret required
        [700016] = "client id",             // Application not found in the directory
        [700027] = "client certificate",    // Client assertion failed signature validation
        [700024] = "client certificate",    // Client assertion is not within its valid time range
        [7000274] = "client certificate",   // The certificate is not registered on the application
        [90002] = "tenant",                 // Tenant not found
        [900023] = "tenant",                // The tenant identifier is not valid
        [90014] = "client id",              // A required field is missing
        [70011] = "scope",                  // The provided value for scope is not valid
        [1002012] = "scope",                // Client credential flows need a /.default scope
        [50011] = "redirect URL",           // The redirect URI does not match the registered ones
        [700054] = "flow",                  // response_type not enabled for the application
        [7000112] = "client id",            // The application is disabled
    };

    /// <summary>Microsoft codes that mean only a person signing in again helps.</summary>
    private static readonly HashSet<long> SignInCodes =
    [
        7000222,  // The client secret keys have expired
        700082,   // The refresh token has expired due to inactivity
        50173,    // The grant has expired because it was revoked (password change, admin revoke)
        70008,    // The authorization code or refresh token has expired
        54005,    // The authorization code was already redeemed
        70000,    // The grant is invalid or malformed (a used, rotated refresh token)
        50076,    // Multi-factor authentication is now required
        65001,    // The user or administrator has not consented
        50078,    // Presented multi-factor authentication has expired
        501481,   // The code verifier does not match the challenge
    ];

    /// <summary>OAuth error codes that mean a person must sign in (again).</summary>
    private static readonly HashSet<string> SignInErrors = new(StringComparer.Ordinal)
    {
        "invalid_grant", "interaction_required", "consent_required", "login_required",
        // Device code (RFC 8628 section 3.5; Microsoft says authorization_declined and bad_verification_code).
        "expired_token", "access_denied", "authorization_declined", "bad_verification_code",
    };

    /// <summary>OAuth error codes whose field is plain from the code alone.</summary>
    private static readonly Dictionary<string, string> ConfigurationErrors = new(StringComparer.Ordinal)
    {
        ["invalid_client"] = "client id or client secret",
        ["unauthorized_client"] = "client id",
        ["invalid_scope"] = "scope",
        ["unsupported_grant_type"] = "flow",
        ["invalid_request"] = "request",
    };

    public static OAuthException FromResponse(int status, string? error, string? description, long? code, TimeSpan? retryAfter, string host)
    {
        code ??= CodeIn(description);
        var words = Words(error, description);
        if (status == 429 || status >= 500 || error is "temporarily_unavailable" or "server_error")
        {
            var message = status == 429
                ? $"The identity platform at {host} is throttling token requests (HTTP 429){After(retryAfter)}: {words}. Mailroom tries again later."
                : $"The identity platform at {host} failed (HTTP {status}){After(retryAfter)}: {words}. Mailroom tries again later.";
            return new OAuthException(message, error, description, isTransient: true) { StatusCode = status, ErrorCode = code, RetryAfter = retryAfter };
        }

        if (code is { } c && SignInCodes.Contains(c) || error is not null && SignInErrors.Contains(error) && !(code is { } k && ConfigurationCodes.ContainsKey(k)))
        {
            var next = code == 7000222
                ? "Create a new client secret in the app registration and set it on the account."
                : "Sign in again.";
            return new SignInNeededException($"Sign-in needed: the identity platform at {host} refused the sign-in: {words}. {next}", error, description)
            {
                StatusCode = status,
                ErrorCode = code,
            };
        }

        var field = code is { } f && ConfigurationCodes.TryGetValue(f, out var byCode) ? byCode
            : error is not null && ConfigurationErrors.TryGetValue(error, out var byError) ? byError
            : null;
        var fix = field is null ? "Check the account's OAuth settings." : $"Check the account's {field}.";
        return new OAuthException(
            $"{(field is null ? "" : field + ": ")}the identity platform at {host} refused the token request (HTTP {status}): {words}. {fix}",
            error, description, isTransient: false)
        {
            StatusCode = status,
            ErrorCode = code,
            Field = field,
        };
    }

    /// <summary>The AADSTS number a Microsoft description begins with.</summary>
    public static long? CodeIn(string? description) =>
        description is not null && AadstsCode().Match(description) is { Success: true } m && long.TryParse(m.Groups[1].ValueSpan, out var n) ? n : null;

    private static string Words(string? error, string? description) =>
        (error, description) switch
        {
            (null, null) => "no OAuth error in the answer",
            (_, null) => error!,
            (null, _) => description!,
            _ => $"{error}: {description}",
        };

    private static string After(TimeSpan? retryAfter) =>
        retryAfter is { } r ? $", asking to wait {Math.Ceiling(r.TotalSeconds)} s" : "";

    [GeneratedRegex(@"\bAADSTS(\d+)")]
    private static partial Regex AadstsCode();
}
