namespace Mailroom.Core.Accounts;

/// <summary>
/// The one spelling of the OAuth choices everywhere they are written as text: command flags, the API, the pages, the
/// database columns and validation messages (<c>microsoft</c>, <c>client-credentials</c>, ...).
/// </summary>
public static class OAuthNames
{
    public const string Password = "password";
    public const string OAuth2 = "oauth2";

    /// <summary>The sign-in method's text for an account with <paramref name="oauth"/> settings: <c>oauth2</c> or <c>password</c>.</summary>
    public static string Auth(OAuthSettings? oauth) => oauth is null ? Password : OAuth2;

    public static string Provider(OAuthProvider provider) => provider switch
    {
        OAuthProvider.Microsoft => "microsoft",
        OAuthProvider.Google => "google",
        OAuthProvider.Custom => "custom",
        _ => provider.ToString().ToLowerInvariant(),
    };

    public static string Flow(OAuthFlow flow) => flow switch
    {
        OAuthFlow.ClientCredentials => "client-credentials",
        OAuthFlow.AuthorizationCode => "authorization-code",
        OAuthFlow.DeviceCode => "device-code",
        _ => flow.ToString().ToLowerInvariant(),
    };

    /// <summary>Reads <c>microsoft</c>, <c>google</c> or <c>custom</c>, without regard to case.</summary>
    public static bool TryParseProvider(string? text, out OAuthProvider provider)
    {
        foreach (var candidate in Enum.GetValues<OAuthProvider>())
        {
            if (string.Equals(text?.Trim(), Provider(candidate), StringComparison.OrdinalIgnoreCase))
            {
                provider = candidate;
                return true;
            }
        }

        provider = default;
        return false;
    }

    /// <summary>Reads <c>client-credentials</c>, <c>authorization-code</c> or <c>device-code</c>, without regard to case.</summary>
    public static bool TryParseFlow(string? text, out OAuthFlow flow)
    {
        foreach (var candidate in Enum.GetValues<OAuthFlow>())
        {
            if (string.Equals(text?.Trim(), Flow(candidate), StringComparison.OrdinalIgnoreCase))
            {
                flow = candidate;
                return true;
            }
        }

        flow = default;
        return false;
    }
}
