using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Mailroom.Testing.Graph;

/// <summary>
/// Mints HS256 access tokens of the shape Microsoft's identity platform issues for Graph (<c>aud</c>, <c>iss</c>,
/// <c>tid</c>, <c>appid</c>, <c>exp</c>, and <c>roles</c> for an app or <c>scp</c> for a signed-in user), signed with
/// a key the <see cref="GraphTestServer"/> validates. Tests that do not go through the local authorization server
/// (tests/Mailroom.Testing/OAuth) use it; the server checks both the same way.
/// </summary>
public static class GraphTestTokens
{
    public const string GraphAudience = "https://graph.microsoft.com";
    public const string DefaultTenant = "7d3a1c8e-22b4-4f0a-9a51-1c4b9e0f2d6a";
    public const string DefaultAppId = "5b1e9c40-8f2d-4d7a-b3c6-0e4f1a2b3c4d";

    /// <summary>An app-only token (client credentials) with application permissions.</summary>
    public static string App(
        byte[] key,
        TimeSpan lifetime,
        IEnumerable<string>? roles = null,
        string appId = DefaultAppId,
        string audience = GraphAudience,
        TimeProvider? clock = null)
    {
        var claims = Claims(appId, audience, lifetime, clock);
        claims["roles"] = new JsonArray([.. (roles ?? ["Mail.ReadWrite", "Mail.Send"]).Select(r => JsonValue.Create(r))]);
        claims["sub"] = appId;
        return Sign(key, claims);
    }

    /// <summary>A delegated token (authorization code) for <paramref name="user"/> with delegated scopes.</summary>
    public static string Delegated(
        byte[] key,
        string user,
        TimeSpan lifetime,
        IEnumerable<string>? scopes = null,
        string appId = DefaultAppId,
        string audience = GraphAudience,
        TimeProvider? clock = null)
    {
        var claims = Claims(appId, audience, lifetime, clock);
        claims["scp"] = string.Join(' ', scopes ?? ["Mail.ReadWrite", "Mail.Send"]);
        claims["sub"] = user;
        claims["upn"] = user;
        claims["preferred_username"] = user;
        return Sign(key, claims);
    }

    /// <summary>Signs any claims (for tests of odd tokens: no <c>exp</c>, another audience, ...).</summary>
    public static string Sign(byte[] key, JsonObject claims)
    {
        var header = Base64Url(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var payload = Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(header + "." + payload)));
        return header + "." + payload + "." + signature;
    }

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonObject Claims(string appId, string audience, TimeSpan lifetime, TimeProvider? clock)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        return new JsonObject
        {
            ["aud"] = audience,
            ["iss"] = $"https://sts.windows.net/{DefaultTenant}/",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)Math.Ceiling(lifetime.TotalSeconds),
            ["tid"] = DefaultTenant,
            ["appid"] = appId,
            ["azp"] = appId,
        };
    }
}
