using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Mailroom.Testing.OAuth;

/// <summary>
/// A refusal as the identity platform writes it. Microsoft's token endpoint (learn.microsoft.com, "Microsoft identity
/// platform error codes" and each flow's "error response" section): HTTP 400 (401 for <c>invalid_client</c>) with
/// <c>error</c>, <c>error_description</c> ("AADSTSnnnn: text" then Trace ID, Correlation ID and Timestamp lines),
/// <c>error_codes</c>, <c>timestamp</c>, <c>trace_id</c>, <c>correlation_id</c> and <c>error_uri</c>. The Google-like
/// endpoints answer the plain RFC 6749 shape: <c>error</c> and <c>error_description</c> only.
/// </summary>
internal sealed record OAuthTestError(string Error, long Code, string Text)
{
    public int Status => Error == "invalid_client" ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;

    public JsonObject ToJson(bool microsoft, DateTimeOffset now)
    {
        if (!microsoft)
        {
            return new JsonObject { ["error"] = Error, ["error_description"] = Text };
        }

        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var trace = Guid.NewGuid().ToString();
        var correlation = Guid.NewGuid().ToString();
        return new JsonObject
        {
            ["error"] = Error,
            ["error_description"] = $"AADSTS{Code}: {Text}\r\nTrace ID: {trace}\r\nCorrelation ID: {correlation}\r\nTimestamp: {timestamp}",
            ["error_codes"] = new JsonArray(Code),
            ["timestamp"] = timestamp,
            ["trace_id"] = trace,
            ["correlation_id"] = correlation,
            ["error_uri"] = $"https://login.microsoftonline.com/error?code={Code}",
        };
    }

    public static OAuthTestError UnknownTenant(string tenant) => new("invalid_request", 90002,
        $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.");

    public static OAuthTestError Missing(string parameter) => new("invalid_request", 900144,
        $"The request body must contain the following parameter: '{parameter}'.");

    public static OAuthTestError UnknownClient(string clientId, string tenant) => new("unauthorized_client", 700016,
        $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");

    public static OAuthTestError WrongSecret(string clientId) => new("invalid_client", 7000215,
        $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.");

    public static OAuthTestError SecretExpired(string clientId) => new("invalid_client", 7000222,
        $"The provided client secret keys for app '{clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.");

    public static OAuthTestError NoCredential() => new("invalid_client", 7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

    public static OAuthTestError BadAssertion(string why) => new("invalid_client", 700027, why);

    public static OAuthTestError AssertionTime() => new("invalid_client", 700024, "Client assertion is not within its valid time range.");

    public static OAuthTestError AssertionAudience(string audience) => new("invalid_client", 700027,
        $"Client assertion contains an invalid audience '{audience}'; it must be the token endpoint.");

    public static OAuthTestError NotDefaultScope(string scope) => new("invalid_scope", 1002012,
        $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");

    public static OAuthTestError BadCode() => new("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");

    public static OAuthTestError CodeRedeemed() => new("invalid_grant", 54005,
        "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");

    public static OAuthTestError Expired() => new("invalid_grant", 70008,
        "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.");

    public static OAuthTestError RedirectMismatch(string redirect, string clientId) => new("invalid_grant", 50011,
        $"The redirect URI '{redirect}' specified in the request does not match the redirect URIs configured for the application '{clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.");

    public static OAuthTestError VerifierMismatch() => new("invalid_grant", 501481,
        "The Code_Verifier does not match the code_challenge supplied in the authorization request.");

    public static OAuthTestError BadRefreshToken() => new("invalid_grant", 9002313,
        "Invalid request. Request is malformed or invalid. The refresh token is not valid or was already used.");

    public static OAuthTestError Revoked(DateTimeOffset issued, DateTimeOffset validFrom) => new("invalid_grant", 50173,
        $"The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{issued:O}' and the TokensValidFrom date (before which tokens are not valid) for this user is '{validFrom:O}'.");

    public static OAuthTestError RefreshExpired(DateTimeOffset issued) => new("invalid_grant", 700082,
        $"The refresh token has expired due to inactivity. The token was issued on {issued:O} and was inactive for 90.00:00:00.");

    public static OAuthTestError Pending() => new("authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");

    public static OAuthTestError SlowDown() => new("slow_down", 70016, "OAuth 2.0 device flow error. Poll less often.");

    public static OAuthTestError DeviceDeclined() => new("authorization_declined", 70000, "The end user denied the authorization request.");

    public static OAuthTestError DeviceExpired() => new("expired_token", 70019, "Verification code expired.");

    public static OAuthTestError BadDeviceCode() => new("bad_verification_code", 70000, "The device_code sent to the token endpoint was not recognized.");

    public static OAuthTestError UnsupportedGrant(string grant) => new("unsupported_grant_type", 70003,
        $"The app requested an unsupported grant type '{grant}'.");

    public static OAuthTestError UnsupportedOnThisEndpoint(string grant) => new("unsupported_grant_type", 70003,
        $"The grant type '{grant}' is not offered on this endpoint.");
}
