using System.Text.Json.Serialization;

namespace Mailroom.Mail.OAuth;

/// <summary>
/// The JSON the token client reads and writes, source-generated (no reflection). Numbers are also read from strings:
/// some providers send <c>"expires_in": "3599"</c>.
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenResponseJson))]
[JsonSerializable(typeof(ErrorResponseJson))]
[JsonSerializable(typeof(DeviceCodeResponseJson))]
[JsonSerializable(typeof(AssertionHeaderJson))]
[JsonSerializable(typeof(AssertionPayloadJson))]
internal sealed partial class OAuthJson : JsonSerializerContext;

/// <summary>A successful token response (RFC 6749 section 5.1).</summary>
internal sealed class TokenResponseJson
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("token_type")] public string? TokenType { get; set; }
    [JsonPropertyName("expires_in")] public long? ExpiresIn { get; set; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }
    [JsonPropertyName("scope")] public string? Scope { get; set; }
}

/// <summary>An error response (RFC 6749 section 5.2), with Microsoft's extra fields.</summary>
internal sealed class ErrorResponseJson
{
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonPropertyName("error_description")] public string? ErrorDescription { get; set; }
    [JsonPropertyName("error_codes")] public long[]? ErrorCodes { get; set; }
    [JsonPropertyName("trace_id")] public string? TraceId { get; set; }
    [JsonPropertyName("correlation_id")] public string? CorrelationId { get; set; }
}

/// <summary>A device authorization response (RFC 8628 section 3.2; Google says <c>verification_url</c>).</summary>
internal sealed class DeviceCodeResponseJson
{
    [JsonPropertyName("device_code")] public string? DeviceCode { get; set; }
    [JsonPropertyName("user_code")] public string? UserCode { get; set; }
    [JsonPropertyName("verification_uri")] public string? VerificationUri { get; set; }
    [JsonPropertyName("verification_url")] public string? VerificationUrl { get; set; }
    [JsonPropertyName("expires_in")] public long? ExpiresIn { get; set; }
    [JsonPropertyName("interval")] public long? Interval { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}

/// <summary>The JOSE header of a certificate's client assertion.</summary>
internal sealed class AssertionHeaderJson
{
    [JsonPropertyName("alg")] public string Alg { get; set; } = "RS256";
    [JsonPropertyName("typ")] public string Typ { get; set; } = "JWT";
    [JsonPropertyName("x5t#S256")] public string? X5tS256 { get; set; }
}

/// <summary>The claims of a certificate's client assertion (RFC 7523 section 3).</summary>
internal sealed class AssertionPayloadJson
{
    [JsonPropertyName("aud")] public string? Aud { get; set; }
    [JsonPropertyName("iss")] public string? Iss { get; set; }
    [JsonPropertyName("sub")] public string? Sub { get; set; }
    [JsonPropertyName("jti")] public string? Jti { get; set; }
    [JsonPropertyName("nbf")] public long Nbf { get; set; }
    [JsonPropertyName("iat")] public long Iat { get; set; }
    [JsonPropertyName("exp")] public long Exp { get; set; }
}
