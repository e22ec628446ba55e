using System.Text;
using Mailroom.Core.Accounts;

namespace Mailroom.Mail.OAuth;

public sealed partial class OAuthTokenClient
{
    /// <summary>
    /// Starts an authorization-code sign-in with PKCE S256 (RFC 7636): the URL to send the person to, with a fresh
    /// <c>state</c> and code verifier. Google also gets <c>access_type=offline&amp;prompt=consent</c>, without which
    /// it issues no refresh token.
    /// </summary>
    /// <param name="settings">The account's OAuth settings.</param>
    /// <param name="scopes">The scopes to ask for (Microsoft delegated mail needs <c>offline_access</c> among them for a refresh token).</param>
    /// <param name="redirectUri">Mailroom's own callback URL, as registered with the provider.</param>
    /// <param name="loginHint">The address to prefill on the provider's sign-in page, if known.</param>
    /// <exception cref="OAuthException">A setting is missing or the authorize URL breaks the https rule.</exception>
    public OAuthAuthorizationRequest BeginAuthorization(OAuthSettings settings, IReadOnlyList<string> scopes, Uri redirectUri, string? loginHint = null)
    {
        CheckSettings(settings);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(redirectUri);
        var authorize = Endpoint(settings.EffectiveAuthorizeUrl, "authorize URL");
        var verifier = Pkce.NewVerifier();
        var state = Pkce.NewState();
        var query = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", settings.ClientId),
            new("redirect_uri", redirectUri.ToString()),
            new("scope", string.Join(' ', scopes)),
            new("state", state),
            new("code_challenge", Pkce.Challenge(verifier)),
            new("code_challenge_method", "S256"),
        };
        if (settings.Provider == OAuthProvider.Google)
        {
            query.Add(new("access_type", "offline"));
            query.Add(new("prompt", "consent"));
        }

        if (!string.IsNullOrWhiteSpace(loginHint))
        {
            query.Add(new("login_hint", loginHint));
        }

        var url = new StringBuilder(authorize.GetLeftPart(UriPartial.Path));
        var separator = string.IsNullOrEmpty(authorize.Query) ? '?' : '&';
        if (separator == '&')
        {
            url.Append(authorize.Query);
        }

        foreach (var (name, value) in query)
        {
            url.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new OAuthAuthorizationRequest(new Uri(url.ToString()), state, new Secret(verifier), redirectUri);
    }

    /// <summary>
    /// Redeems the code the provider's callback brought, with the PKCE verifier of the same request. The result holds
    /// the refresh token to keep (when the provider gave one).
    /// </summary>
    /// <exception cref="SignInNeededException">The code expired, was used already, or does not match the verifier.</exception>
    /// <exception cref="OAuthException">Refused for a wrong setting (client secret, redirect URL), or the platform failed.</exception>
    public Task<OAuthTokens> RedeemCodeAsync(
        OAuthSettings settings, string code, Secret codeVerifier, Uri redirectUri, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var tokenUrl = CheckSettings(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentNullException.ThrowIfNull(codeVerifier);
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentNullException.ThrowIfNull(scopes);
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", redirectUri.ToString()),
            new("code_verifier", codeVerifier.Reveal()),
        };
        if (scopes.Count > 0)
        {
            form.Add(new("scope", string.Join(' ', scopes)));
        }

        return RequestTokensAsync(settings, tokenUrl, form, "authorization_code", null, scopes, cancellationToken);
    }
}
