using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.OAuth;

public sealed partial class OAuthTestServer
{
    /// <summary>Scopes that ask for sign-in features, not for a resource: never put in <c>scp</c>.</summary>
    private static readonly HashSet<string> OpenIdScopes = new(StringComparer.OrdinalIgnoreCase) { "offline_access", "openid", "profile", "email" };

    /// <summary>
    /// An access token as a grant would issue it, minted directly (for a test about what a server does with a
    /// token: expired, for another user, 3 KB long). Delegated when <paramref name="scopes"/> are given, app-only
    /// with <paramref name="roles"/>.
    /// </summary>
    public string CreateAccessToken(
        string subject, string audience = "https://outlook.office365.com", IEnumerable<string>? scopes = null, IEnumerable<string>? roles = null,
        TimeSpan? lifetime = null, int? padding = null, string appId = "00000000-0000-0000-0000-000000000000")
    {
        var now = _time.GetUtcNow();
        var payload = new JsonObject
        {
            ["aud"] = audience,
            ["iss"] = $"https://sts.windows.net/{TenantId}/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (lifetime ?? AccessTokenLifetime)).ToUnixTimeSeconds(),
            ["sub"] = subject,
            ["tid"] = TenantId,
            ["appid"] = appId,
            ["ver"] = "1.0",
            // Microsoft's unique token id: two tokens issued in the same second still differ.
            ["uti"] = Base64Url(RandomNumberGenerator.GetBytes(12)),
        };
        if (scopes?.ToList() is { Count: > 0 } scp)
        {
            payload["scp"] = string.Join(' ', scp);
            payload["upn"] = subject;
        }

        if (roles?.ToList() is { Count: > 0 } granted)
        {
            payload["roles"] = new JsonArray([.. granted.Select(r => (JsonNode)r)]);
            payload["oid"] = subject;
        }

        if ((padding ?? TokenPadding) is > 0 and var pad)
        {
            payload["pad"] = new string('p', pad);
        }

        return OAuthTestJwt.SignHs256(payload, SigningKey);
    }

    /// <summary>
    /// The claims of <paramref name="token"/> when this server issued it and it has not expired (for a resource server
    /// such as the test Graph server); null with the reason otherwise.
    /// </summary>
    public OAuthTestAccessToken? Validate(string token, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (OAuthTestJwt.VerifyHs256(token, SigningKey, out failure) is not { } payload)
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds((long?)payload["exp"] ?? 0);
        if (expires <= _time.GetUtcNow())
        {
            failure = $"the token expired at {expires:O}";
            return null;
        }

        var scopes = ((string?)payload["scp"])?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var roles = payload["roles"] is JsonArray array ? array.Select(r => (string)r!).ToArray() : [];
        failure = null;
        return new OAuthTestAccessToken(
            (string?)payload["sub"] ?? "", (string?)payload["aud"] ?? "", scopes, roles, (string?)payload["tid"] ?? "", (string?)payload["appid"] ?? "", expires);
    }

    /// <summary>The resource a token is for: the part before the last '/' of a URL scope, or Graph for bare scopes (Mail.Send).</summary>
    private static string Audience(IReadOnlyList<string> scopes, bool microsoft)
    {
        var resourceScope = scopes.FirstOrDefault(s => !OpenIdScopes.Contains(s));
        if (!microsoft)
        {
            return resourceScope ?? "";
        }

        if (resourceScope is null)
        {
            return "https://graph.microsoft.com";
        }

        var slash = resourceScope.LastIndexOf('/');
        return resourceScope.Contains("://", StringComparison.Ordinal) && slash > "https://".Length ? resourceScope[..slash] : "https://graph.microsoft.com";
    }

    private static IEnumerable<string> Permissions(IReadOnlyList<string> scopes) =>
        scopes.Where(s => !OpenIdScopes.Contains(s)).Select(s => s.Contains("://", StringComparison.Ordinal) ? s[(s.LastIndexOf('/') + 1)..] : s);

    /// <summary>A token response (RFC 6749 section 5.1; Microsoft adds <c>ext_expires_in</c>).</summary>
    private JsonObject TokenResponse(string accessToken, IReadOnlyList<string> scopes, string? refreshToken, bool microsoft)
    {
        var seconds = Math.Max(1, (long)AccessTokenLifetime.TotalSeconds);
        var json = new JsonObject
        {
            ["token_type"] = "Bearer",
            ["scope"] = string.Join(' ', scopes),
            ["expires_in"] = seconds,
        };
        if (microsoft)
        {
            json["ext_expires_in"] = seconds;
        }

        json["access_token"] = accessToken;
        if (refreshToken is not null)
        {
            json["refresh_token"] = refreshToken;
        }

        return json;
    }

    /// <summary>Delegated tokens for <paramref name="user"/>, with a refresh token when <paramref name="offline"/>.</summary>
    private JsonObject IssueDelegated(OAuthTestClient client, string user, IReadOnlyList<string> scopes, bool offline, bool microsoft, string tenant)
    {
        var access = CreateAccessToken(user, Audience(scopes, microsoft), Permissions(scopes), appId: client.ClientId);
        string? refresh = null;
        if (offline)
        {
            refresh = "rt." + Base64Url(RandomNumberGenerator.GetBytes(48));
            lock (_gate)
            {
                _refreshTokens[refresh] = new RefreshGrant(refresh, client, user, scopes, microsoft, tenant, _time.GetUtcNow());
            }
        }

        return TokenResponse(access, scopes, refresh, microsoft);
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
