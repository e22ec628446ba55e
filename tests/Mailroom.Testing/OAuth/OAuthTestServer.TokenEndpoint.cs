using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Mailroom.Testing.OAuth;

public sealed partial class OAuthTestServer
{
    private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private const string DeviceGrantType = "urn:ietf:params:oauth:grant-type:device_code";

    /// <summary>The token endpoint: <paramref name="tenant"/> null means the Google-like one.</summary>
    private async Task TokenAsync(HttpContext context, string? tenant)
    {
        var microsoft = tenant is not null;
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        TokenRequests.Enqueue(form);
        var grantType = form.GetValueOrDefault("grant_type");
        if (GrantOf(grantType) is { } counted)
        {
            _requests.AddOrUpdate(counted, 1, (_, n) => n + 1);
        }

        if (_failures.TryDequeue(out var failure))
        {
            if (failure.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await WriteAsync(context, failure.Status,
                new OAuthTestError("temporarily_unavailable", 90033, "A transient error has occurred. Please try again.").ToJson(microsoft, _time.GetUtcNow()))
                .ConfigureAwait(false);
            return;
        }

        var (answer, grant) = Token(form, tenant, $"{Authority}{context.Request.Path}");
        if (answer is OAuthTestError error)
        {
            await WriteAsync(context, error.Status, error.ToJson(microsoft, _time.GetUtcNow())).ConfigureAwait(false);
            return;
        }

        _issued.AddOrUpdate(grant!.Value, 1, (_, n) => n + 1);
        context.Response.Headers.CacheControl = "no-store";
        await WriteAsync(context, StatusCodes.Status200OK, (JsonObject)answer).ConfigureAwait(false);
    }

    /// <summary>A token response, or the <see cref="OAuthTestError"/> to refuse with.</summary>
    private (object Answer, OAuthTestGrant? Grant) Token(IReadOnlyDictionary<string, string> form, string? tenant, string tokenUrl)
    {
        var microsoft = tenant is not null;
        if (microsoft && !KnownTenant(tenant!))
        {
            return (OAuthTestError.UnknownTenant(tenant!), null);
        }

        if (form.GetValueOrDefault("grant_type") is not { Length: > 0 } grantType)
        {
            return (OAuthTestError.Missing("grant_type"), null);
        }

        if (form.GetValueOrDefault("client_id") is not { Length: > 0 } clientId)
        {
            return (OAuthTestError.Missing("client_id"), null);
        }

        if (FindClient(clientId) is not { } client)
        {
            return (OAuthTestError.UnknownClient(clientId, tenant ?? Tenant), null);
        }

        if (Authenticate(client, form, tokenUrl) is { } refused)
        {
            return (refused, null);
        }

        var grant = GrantOf(grantType);
        var answer = grant switch
        {
            OAuthTestGrant.ClientCredentials when !microsoft => OAuthTestError.UnsupportedOnThisEndpoint(grantType),
            OAuthTestGrant.ClientCredentials => ClientCredentials(client, form),
            OAuthTestGrant.AuthorizationCode => RedeemCode(client, form, microsoft),
            OAuthTestGrant.RefreshToken => Refresh(client, microsoft, form),
            OAuthTestGrant.DeviceCode when !microsoft => OAuthTestError.UnsupportedOnThisEndpoint(grantType),
            OAuthTestGrant.DeviceCode => PollDevice(client, form),
            _ => (object)OAuthTestError.UnsupportedGrant(grantType),
        };
        return (answer, grant);
    }

    /// <summary>The client's own proof: a certificate assertion, a secret, or nothing for a public client.</summary>
    private OAuthTestError? Authenticate(OAuthTestClient client, IReadOnlyDictionary<string, string> form, string tokenUrl)
    {
        var grantType = form.GetValueOrDefault("grant_type");
        if (form.GetValueOrDefault("client_assertion") is { Length: > 0 } assertion)
        {
            if (form.GetValueOrDefault("client_assertion_type") != AssertionType)
            {
                return new OAuthTestError("invalid_request", 90014, "The request body must contain the following parameter: 'client_assertion_type'.");
            }

            if (client.Certificate is null)
            {
                return OAuthTestError.BadAssertion($"The application '{client.ClientId}' has no certificate credentials registered.");
            }

            if (OAuthTestJwt.VerifyRs256(assertion, client.Certificate, out var why) is not { } jwt)
            {
                return OAuthTestError.BadAssertion(why!);
            }

            var claims = jwt.Payload;
            if ((string?)claims["aud"] != tokenUrl)
            {
                return OAuthTestError.AssertionAudience((string?)claims["aud"] ?? "");
            }

            if ((string?)claims["iss"] != client.ClientId || (string?)claims["sub"] != client.ClientId)
            {
                return OAuthTestError.BadAssertion("The client assertion's iss and sub claims must both be the client id.");
            }

            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            // Microsoft allows five minutes of clock skew; an assertion valid for more than ten is refused.
            if ((long?)claims["exp"] is not { } exp || exp < now - 300 || (long?)claims["nbf"] > now + 300 || exp - ((long?)claims["nbf"] ?? now) > 600)
            {
                return OAuthTestError.AssertionTime();
            }

            lock (_gate)
            {
                if ((string?)claims["jti"] is not { Length: > 0 } jti || !_assertionIds.Add(jti))
                {
                    return OAuthTestError.BadAssertion("The client assertion has no jti, or its jti was already used (a replay).");
                }
            }

            return null;
        }

        if (form.GetValueOrDefault("client_secret") is { Length: > 0 } secret)
        {
            if (client.Secret is null)
            {
                return new OAuthTestError("invalid_client", 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(client.Secret)))
            {
                return OAuthTestError.WrongSecret(client.ClientId);
            }

            return client.SecretExpired ? OAuthTestError.SecretExpired(client.ClientId) : null;
        }

        return client.IsPublic && grantType != "client_credentials" ? null : OAuthTestError.NoCredential();
    }

    private object ClientCredentials(OAuthTestClient client, IReadOnlyDictionary<string, string> form)
    {
        var scope = form.GetValueOrDefault("scope") ?? "";
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Length != 1 || !scopes[0].EndsWith("/.default", StringComparison.Ordinal))
        {
            return scope.Length == 0 ? OAuthTestError.Missing("scope") : OAuthTestError.NotDefaultScope(scope);
        }

        var audience = scopes[0][..^"/.default".Length];
        var token = CreateAccessToken(client.AppSubject, audience, roles: client.AppRoles, appId: client.ClientId);
        return TokenResponse(token, scopes, null, microsoft: true);
    }

    private object RedeemCode(OAuthTestClient client, IReadOnlyDictionary<string, string> form, bool microsoft)
    {
        if (form.GetValueOrDefault("code") is not { Length: > 0 } code)
        {
            return OAuthTestError.Missing("code");
        }

        PendingCode? pending;
        lock (_gate)
        {
            if (!_codes.TryGetValue(code, out pending) || pending.Client != client || pending.Microsoft != microsoft)
            {
                return OAuthTestError.BadCode();
            }

            if (pending.Redeemed)
            {
                return OAuthTestError.CodeRedeemed();
            }

            if (_time.GetUtcNow() >= pending.ExpiresAt)
            {
                return OAuthTestError.Expired();
            }

            if (form.GetValueOrDefault("redirect_uri") != pending.RedirectUri)
            {
                return OAuthTestError.RedirectMismatch(form.GetValueOrDefault("redirect_uri") ?? "", client.ClientId);
            }

            // PKCE S256 (RFC 7636 section 4.6): BASE64URL(SHA256(ASCII(code_verifier))) must equal the challenge.
            var verifier = form.GetValueOrDefault("code_verifier");
            if (verifier is null || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != pending.Challenge)
            {
                return OAuthTestError.VerifierMismatch();
            }

            pending.Redeemed = true;
        }

        return IssueDelegated(client, pending.User, pending.Scopes, pending.Offline, microsoft, pending.Tenant);
    }

    private object Refresh(OAuthTestClient client, bool microsoft, IReadOnlyDictionary<string, string> form)
    {
        if (form.GetValueOrDefault("refresh_token") is not { Length: > 0 } token)
        {
            return OAuthTestError.Missing("refresh_token");
        }

        RefreshGrant? grant;
        lock (_gate)
        {
            if (!_refreshTokens.TryGetValue(token, out grant) || grant.Client != client || grant.Microsoft != microsoft)
            {
                return OAuthTestError.BadRefreshToken();
            }

            if (grant.RevokedAt is { } revoked)
            {
                return OAuthTestError.Revoked(grant.IssuedAt, revoked);
            }

            if (grant.Expired)
            {
                return OAuthTestError.RefreshExpired(grant.IssuedAt);
            }

            if (grant.Used)
            {
                return OAuthTestError.BadRefreshToken();
            }

            if (microsoft && RotateRefreshTokens)
            {
                grant.Used = true;
            }
        }

        if (microsoft && RotateRefreshTokens)
        {
            return IssueDelegated(client, grant.User, grant.Scopes, offline: true, microsoft, grant.Tenant);
        }

        // Google keeps the refresh token: the answer has none, and the client goes on with the old one.
        var access = CreateAccessToken(grant.User, Audience(grant.Scopes, microsoft), Permissions(grant.Scopes), appId: client.ClientId);
        return TokenResponse(access, grant.Scopes, null, microsoft);
    }

    private object PollDevice(OAuthTestClient client, IReadOnlyDictionary<string, string> form)
    {
        if (form.GetValueOrDefault("device_code") is not { Length: > 0 } code)
        {
            return OAuthTestError.Missing("device_code");
        }

        DeviceGrant? device;
        lock (_gate)
        {
            if (!_deviceCodes.TryGetValue(code, out device) || device.Client != client || device.Redeemed)
            {
                return OAuthTestError.BadDeviceCode();
            }

            if (_time.GetUtcNow() >= device.ExpiresAt)
            {
                return OAuthTestError.DeviceExpired();
            }

            if (device.Declined)
            {
                return OAuthTestError.DeviceDeclined();
            }

            if (Volatile.Read(ref _slowDowns) > 0 && Interlocked.Decrement(ref _slowDowns) >= 0)
            {
                return OAuthTestError.SlowDown();
            }

            if (device.ApprovedUser is null)
            {
                return OAuthTestError.Pending();
            }

            device.Redeemed = true;
        }

        var offline = device.Scopes.Contains("offline_access", StringComparer.OrdinalIgnoreCase);
        return IssueDelegated(client, device.ApprovedUser, device.Scopes, offline, microsoft: true, device.Tenant);
    }

    /// <summary>The device authorization endpoint (RFC 8628 section 3.1-3.2, Microsoft's field names).</summary>
    private async Task DeviceCodeAsync(HttpContext context, string tenant)
    {
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        OAuthTestError? error = null;
        OAuthTestClient? client = null;
        if (!KnownTenant(tenant))
        {
            error = OAuthTestError.UnknownTenant(tenant);
        }
        else if (form.GetValueOrDefault("client_id") is not { Length: > 0 } clientId)
        {
            error = OAuthTestError.Missing("client_id");
        }
        else if ((client = FindClient(clientId)) is null)
        {
            error = OAuthTestError.UnknownClient(clientId, tenant);
        }
        else if (form.GetValueOrDefault("scope") is not { Length: > 0 })
        {
            error = OAuthTestError.Missing("scope");
        }

        if (error is not null)
        {
            await WriteAsync(context, error.Status, error.ToJson(true, now)).ConfigureAwait(false);
            return;
        }

        var device = new DeviceGrant(
            "dc." + Base64Url(RandomNumberGenerator.GetBytes(32)), NewUserCode(), client!,
            form["scope"].Split(' ', StringSplitOptions.RemoveEmptyEntries), tenant, now + DeviceCodeLifetime);
        lock (_gate)
        {
            _deviceCodes[device.DeviceCode] = device;
        }

        await WriteAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["user_code"] = device.UserCode,
            ["device_code"] = device.DeviceCode,
            ["verification_uri"] = DeviceLoginUrl,
            ["expires_in"] = (long)DeviceCodeLifetime.TotalSeconds,
            ["interval"] = Math.Max(1, (long)DeviceCodeInterval.TotalSeconds),
            ["message"] = $"To sign in, use a web browser to open the page {DeviceLoginUrl} and enter the code {device.UserCode} to authenticate.",
        }).ConfigureAwait(false);
    }

    private static string NewUserCode()
    {
        const string letters = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return new string(RandomNumberGenerator.GetItems<char>(letters, 9));
    }

    private static OAuthTestGrant? GrantOf(string? grantType) => grantType switch
    {
        "client_credentials" => OAuthTestGrant.ClientCredentials,
        "authorization_code" => OAuthTestGrant.AuthorizationCode,
        "refresh_token" => OAuthTestGrant.RefreshToken,
        DeviceGrantType => OAuthTestGrant.DeviceCode,
        _ => null,
    };

    private static async Task<IReadOnlyDictionary<string, string>> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return new Dictionary<string, string>();
        }

        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        return form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json.ToJsonString()).ConfigureAwait(false);
    }
}
