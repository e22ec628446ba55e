using System.Net.Http.Headers;
using System.Text.Json;
using Mailroom.Core.Accounts;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.OAuth;

/// <summary>
/// Buys and renews OAuth 2.0 tokens from an identity platform (Microsoft Entra ID, Google, or any RFC 6749
/// provider) over plain HTTP: client credentials (secret or certificate), authorization code with PKCE, refresh,
/// and device code. It keeps nothing: the caller stores what it returns (the token store, sealed). No MSAL, so
/// refresh tokens stay in the caller's hands and a local test server can stand in for the real platform.
/// </summary>
/// <remarks>
/// Every failure is an <see cref="OAuthException"/>: <see cref="SignInNeededException"/> when only a person signing
/// in again helps; <see cref="OAuthException.IsTransient"/> for network failures, 5xx and 429; otherwise a setting
/// is wrong and <see cref="OAuthException.Field"/> names it. No token, secret, code or assertion appears in a
/// message or a log.
/// </remarks>
public sealed partial class OAuthTokenClient
{
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public OAuthTokenClient(HttpClient http, ILogger<OAuthTokenClient> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(logger);
        _http = http;
        _logger = logger;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>
    /// App-only token (RFC 6749 section 4.4): the client's secret, or a JWT assertion signed with its certificate
    /// (<see cref="OAuthSettings.ClientCertificate"/> wins when both are set). Microsoft wants one
    /// <c>.../.default</c> scope. No refresh token comes with it: ask again when it ends.
    /// </summary>
    /// <exception cref="OAuthException">Refused, unreachable, or a setting is missing or wrong.</exception>
    /// <exception cref="SignInNeededException">The client secret expired (AADSTS7000222).</exception>
    public Task<OAuthTokens> ClientCredentialsAsync(OAuthSettings settings, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var tokenUrl = CheckSettings(settings);
        CheckScopes(scopes);
        if (settings.ClientSecret is null && settings.ClientCertificate is null)
        {
            throw new OAuthException("client secret: is not set; client credentials need a client secret or a client certificate.", "invalid_client")
            {
                Field = "client secret",
            };
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "client_credentials"),
            new("scope", string.Join(' ', scopes)),
        };
        return RequestTokensAsync(settings, tokenUrl, form, "client_credentials", null, scopes, cancellationToken);
    }

    /// <summary>
    /// Renews with a refresh token (RFC 6749 section 6). The result holds the rotated refresh token when the provider
    /// sent one (Microsoft does on every renewal), else <paramref name="refreshToken"/> again.
    /// </summary>
    /// <exception cref="SignInNeededException">The refresh token was revoked, expired or already used, consent was
    /// withdrawn, or the client secret expired.</exception>
    /// <exception cref="OAuthException">Refused for a wrong setting, or the platform failed (transient).</exception>
    public Task<OAuthTokens> RefreshAsync(OAuthSettings settings, Secret refreshToken, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refreshToken);
        var tokenUrl = CheckSettings(settings);
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken.Reveal()),
        };
        if (scopes.Count > 0)
        {
            form.Add(new("scope", string.Join(' ', scopes)));
        }

        return RequestTokensAsync(settings, tokenUrl, form, "refresh_token", refreshToken, scopes, cancellationToken);
    }

    private async Task<OAuthTokens> RequestTokensAsync(
        OAuthSettings settings, Uri tokenUrl, List<KeyValuePair<string, string>> form, string grant, Secret? oldRefreshToken,
        IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var answer = await PostTokenAsync(settings, tokenUrl, form, grant, cancellationToken).ConfigureAwait(false);
        if (answer.Failure is { } failure)
        {
            throw failure;
        }

        return Tokens(answer, tokenUrl, grant, oldRefreshToken, scopes);
    }

    private OAuthTokens Tokens(TokenAnswer answer, Uri tokenUrl, string grant, Secret? oldRefreshToken, IReadOnlyList<string> scopes)
    {
        var json = answer.Success!;
        // RFC 6749 makes expires_in optional; an hour is what Microsoft and Google issue, and a 401 renews anyway.
        var lifetime = TimeSpan.FromSeconds(json.ExpiresIn is > 0 ? json.ExpiresIn.Value : 3600);
        var access = new AccessToken(json.AccessToken!, answer.SentAt + lifetime);
        var rotated = json.RefreshToken is { Length: > 0 } fresh && fresh != oldRefreshToken?.Reveal();
        var refresh = json.RefreshToken is { Length: > 0 } r ? new Secret(r) : oldRefreshToken;
        var granted = json.Scope is { Length: > 0 } s ? s.Split(' ', StringSplitOptions.RemoveEmptyEntries) : scopes;
        OAuthLog.Issued(_logger, tokenUrl.GetLeftPart(UriPartial.Path), grant, access.ExpiresAt,
            refresh is null ? "none" : rotated ? (oldRefreshToken is null ? "issued" : "rotated") : "kept");
        return new OAuthTokens(access, refresh, granted) { RefreshTokenRotated = rotated && oldRefreshToken is not null };
    }

    /// <summary>Posts a token request with the client's authentication; a refusal comes back as <see cref="TokenAnswer.Failure"/>.</summary>
    private async Task<TokenAnswer> PostTokenAsync(OAuthSettings settings, Uri tokenUrl, List<KeyValuePair<string, string>> form, string grant, CancellationToken cancellationToken)
    {
        form.Insert(1, new("client_id", settings.ClientId));
        if (settings.ClientCertificate is { } certificate)
        {
            form.Add(new("client_assertion_type", ClientAssertion.Type));
            form.Add(new("client_assertion", ClientAssertion.Create(certificate, settings.ClientId, tokenUrl.ToString(), _time.GetUtcNow())));
        }
        else if (settings.ClientSecret is { } secret)
        {
            form.Add(new("client_secret", secret.Reveal()));
        }

        var (status, body, sentAt, retryAfter) = await PostAsync(tokenUrl, form, grant, cancellationToken).ConfigureAwait(false);
        if (status is >= 200 and < 300)
        {
            var json = Parse(body, OAuthJson.Default.TokenResponseJson);
            if (json?.AccessToken is not { Length: > 0 })
            {
                return new TokenAnswer(null, new OAuthException(
                    $"The identity platform at {tokenUrl.Authority} answered HTTP {status} without an access token. Check the token URL.",
                    "invalid_response") { StatusCode = status, Field = "token URL" }, sentAt);
            }

            return new TokenAnswer(json, null, sentAt);
        }

        return new TokenAnswer(null, Refusal(tokenUrl, grant, status, body, retryAfter), sentAt);
    }

    private OAuthException Refusal(Uri url, string grant, int status, string body, TimeSpan? retryAfter)
    {
        var error = Parse(body, OAuthJson.Default.ErrorResponseJson);
        var code = error?.ErrorCodes is [var first, ..] ? first : (long?)null;
        var failure = OAuthErrors.FromResponse(status, error?.Error, error?.ErrorDescription, code, retryAfter, url.Authority);
        if (error?.Error is "authorization_pending" or "slow_down")
        {
            return failure; // a device sign-in still waiting for its person: logged by the poll, not as a refusal
        }

        OAuthLog.Refused(_logger, url.GetLeftPart(UriPartial.Path), grant, status, error?.Error ?? "(none)", error?.ErrorDescription ?? "(none)");
        return failure;
    }

    /// <summary>One form POST: status, body, when it was sent, and any Retry-After. Network failures and timeouts are transient.</summary>
    private async Task<(int Status, string Body, DateTimeOffset SentAt, TimeSpan? RetryAfter)> PostAsync(
        Uri url, List<KeyValuePair<string, string>> form, string grant, CancellationToken cancellationToken)
    {
        OAuthLog.Requesting(_logger, url.GetLeftPart(UriPartial.Path), grant);
        var sentAt = _time.GetUtcNow();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, body, sentAt, RetryAfter(response));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            var reason = e is TaskCanceledException ? $"no answer within {_http.Timeout.TotalSeconds:0} s" : e.Message;
            OAuthLog.Unreachable(_logger, url.GetLeftPart(UriPartial.Path), grant, reason);
            throw new OAuthException(
                $"The identity platform at {url.Authority} could not be reached: {reason}. Mailroom tries again later; if it lasts, check the token URL and the network.",
                "unreachable", null, isTransient: true, e);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => null,
        };

    private static T? Parse<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null; // An HTML error page from a proxy: the status decides.
        }
    }

    /// <summary>The token URL in force, after checking what every request needs.</summary>
    private static Uri CheckSettings(OAuthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.ClientId))
        {
            throw new OAuthException("client id: is not set.", "invalid_client") { Field = "client id" };
        }

        if (settings.Provider == OAuthProvider.Microsoft && settings.TokenUrl is null && string.IsNullOrWhiteSpace(settings.Tenant))
        {
            throw new OAuthException("tenant: is not set; give the directory (tenant) id or a domain such as contoso.onmicrosoft.com.", "invalid_request")
            {
                Field = "tenant",
            };
        }

        return Endpoint(settings.EffectiveTokenUrl, "token URL");
    }

    private static Uri Endpoint(string? url, string field)
    {
        try
        {
            return OAuthEndpoint.Require(url, field);
        }
        catch (OAuthException e)
        {
            throw new OAuthException(e.Message, e.Error) { Field = field };
        }
    }

    private static void CheckScopes(IReadOnlyList<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        if (scopes.Count == 0)
        {
            throw new OAuthException("scope: none given; client credentials need the resource's .default scope (for example https://outlook.office365.com/.default).", "invalid_scope")
            {
                Field = "scope",
            };
        }
    }

    /// <summary>A token endpoint's answer: tokens, or the refusal as the exception to throw.</summary>
    private sealed record TokenAnswer(TokenResponseJson? Success, OAuthException? Failure, DateTimeOffset SentAt);
}
