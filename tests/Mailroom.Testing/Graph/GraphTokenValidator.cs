using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mailroom.Testing.Graph;

/// <summary>
/// Checks a bearer token as Graph does before anything else: an HS256 JWT with a good signature, within its
/// lifetime (no clock skew, so tokens that expire within seconds expire here when they say), for Graph's audience.
/// Refusals are 401 with code <c>InvalidAuthenticationToken</c> and the messages Graph gives.
/// </summary>
internal sealed class GraphTokenValidator(byte[] key, IReadOnlySet<string> audiences, TimeProvider clock)
{
    public const string Challenge =
        "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"";

    /// <summary>The identity, or the 401 answer.</summary>
    public (GraphIdentity? Identity, GraphAnswer? Refusal) Validate(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || authorization.Length == "Bearer ".Length)
        {
            return Refuse("Access token is empty.");
        }

        var token = authorization["Bearer ".Length..].Trim();
        var parts = token.Split('.');
        JsonElement header, claims;
        try
        {
            if (parts.Length != 3)
            {
                throw new FormatException();
            }

            header = JsonDocument.Parse(Decode(parts[0])).RootElement;
            claims = JsonDocument.Parse(Decode(parts[1])).RootElement;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Refuse("CompactToken parsing failed with error code: 80049217");
        }

        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        byte[] signature;
        try
        {
            signature = Decode(parts[2]);
        }
        catch (FormatException)
        {
            signature = [];
        }

        if (!header.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256"
            || !CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return Refuse("Access token validation failure.");
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (!claims.TryGetProperty("exp", out var exp) || exp.ValueKind != JsonValueKind.Number || exp.GetInt64() <= now)
        {
            return Refuse("Lifetime validation failed, the token is expired.");
        }

        if (claims.TryGetProperty("nbf", out var nbf) && nbf.ValueKind == JsonValueKind.Number && nbf.GetInt64() > now)
        {
            return Refuse("Lifetime validation failed, the token is not yet valid.");
        }

        if (!Audiences(claims).Any(a => audiences.Contains(a.TrimEnd('/'))))
        {
            return Refuse("Access token validation failure. Invalid audience.");
        }

        var appId = Text(claims, "appid") ?? Text(claims, "azp") ?? Text(claims, "client_id");
        var permissions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? user = null;
        if (claims.TryGetProperty("scp", out var scp) && scp.ValueKind == JsonValueKind.String)
        {
            permissions.UnionWith(scp.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Bare));
            user = Text(claims, "upn") ?? Text(claims, "preferred_username") ?? Text(claims, "sub");
        }

        if (claims.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
        {
            permissions.UnionWith(roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => Bare(r.GetString()!)));
        }

        return (new GraphIdentity(appId, user, permissions), null);
    }

    /// <summary>Scopes may come as full URIs (<c>https://graph.microsoft.com/Mail.Send</c>); Graph checks the name.</summary>
    private static string Bare(string permission) => permission[(permission.LastIndexOf('/') + 1)..];

    private static IEnumerable<string> Audiences(JsonElement claims)
    {
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return [];
        }

        return aud.ValueKind switch
        {
            JsonValueKind.String => [aud.GetString()!],
            JsonValueKind.Array => aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!),
            _ => [],
        };
    }

    private static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Decode(string part)
    {
        var s = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    private static (GraphIdentity?, GraphAnswer?) Refuse(string message) =>
        (null, GraphError.Create(401, "InvalidAuthenticationToken", message).With("WWW-Authenticate", Challenge));
}
