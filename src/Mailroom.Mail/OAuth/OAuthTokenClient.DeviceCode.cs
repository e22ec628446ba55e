using Mailroom.Core.Accounts;

namespace Mailroom.Mail.OAuth;

public sealed partial class OAuthTokenClient
{
    /// <summary>RFC 8628 section 3.5: each <c>slow_down</c> adds five seconds to the interval.</summary>
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    /// <summary>RFC 8628 section 3.2: without an <c>interval</c>, wait five seconds between polls.</summary>
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Starts a device-code sign-in (Microsoft's <c>/devicecode</c>): the code and page to show the person.
    /// </summary>
    /// <exception cref="OAuthException">The provider offers no device sign-in for mail (Google), a setting is wrong,
    /// or the platform failed.</exception>
    public async Task<DeviceCodeSignIn> StartDeviceCodeAsync(OAuthSettings settings, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        CheckSettings(settings);
        ArgumentNullException.ThrowIfNull(scopes);
        if (settings.DeviceCodeUrl is not { } deviceUrl)
        {
            throw new OAuthException(
                $"flow: {settings.Provider} offers no device-code sign-in for mail (Google's device flow refuses Gmail scopes); use the authorization-code flow.",
                "unsupported_grant_type") { Field = "flow" };
        }

        var url = Endpoint(deviceUrl, "device code URL");
        var form = new List<KeyValuePair<string, string>> { new("client_id", settings.ClientId), new("scope", string.Join(' ', scopes)) };
        var (status, body, sentAt, retryAfter) = await PostAsync(url, form, "device_code", cancellationToken).ConfigureAwait(false);
        if (status is < 200 or >= 300)
        {
            throw Refusal(url, "device_code", status, body, retryAfter);
        }

        var json = Parse(body, OAuthJson.Default.DeviceCodeResponseJson);
        var verification = json?.VerificationUri ?? json?.VerificationUrl;
        if (json?.DeviceCode is not { Length: > 0 } || json.UserCode is not { Length: > 0 } || !Uri.TryCreate(verification, UriKind.Absolute, out var page))
        {
            throw new OAuthException(
                $"The identity platform at {url.Authority} answered the device-code request without device_code, user_code and verification_uri. Check the authority and tenant.",
                "invalid_response") { StatusCode = status };
        }

        var sign = new DeviceCodeSignIn(
            json.UserCode, page, new Secret(json.DeviceCode), sentAt + TimeSpan.FromSeconds(json.ExpiresIn is > 0 ? json.ExpiresIn.Value : 900),
            json.Interval is > 0 ? TimeSpan.FromSeconds(json.Interval.Value) : DefaultInterval, json.Message);
        OAuthLog.DeviceCodeStarted(_logger, url.GetLeftPart(UriPartial.Path), sign.VerificationUri, sign.ExpiresAt);
        return sign;
    }

    /// <summary>
    /// Waits until the person finished the device sign-in, polling the token endpoint at the provider's interval
    /// (<c>authorization_pending</c>: wait; <c>slow_down</c>: wait five seconds longer from then on), and returns
    /// the tokens. The waits run on the client's <see cref="TimeProvider"/>.
    /// </summary>
    /// <exception cref="SignInNeededException">The person declined, or the code expired before they finished.</exception>
    /// <exception cref="OAuthException">A setting is wrong or the platform failed (a transient failure ends the wait too:
    /// the caller decides whether to start again).</exception>
    public async Task<OAuthTokens> PollDeviceCodeAsync(OAuthSettings settings, DeviceCodeSignIn signIn, CancellationToken cancellationToken)
    {
        var tokenUrl = CheckSettings(settings);
        ArgumentNullException.ThrowIfNull(signIn);
        var interval = signIn.Interval;
        while (true)
        {
            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            if (_time.GetUtcNow() >= signIn.ExpiresAt)
            {
                throw new SignInNeededException(
                    $"Sign-in needed: the device code expired at {signIn.ExpiresAt:u} before anyone finished signing in at {signIn.VerificationUri}. Start the sign-in again.",
                    "expired_token");
            }

            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                new("device_code", signIn.DeviceCode.Reveal()),
            };
            var answer = await PostTokenAsync(settings, tokenUrl, form, "device_code", cancellationToken).ConfigureAwait(false);
            switch (answer.Failure?.Error)
            {
                case null:
                    return Tokens(answer, tokenUrl, "device_code", null, []);
                case "authorization_pending":
                    break;
                case "slow_down":
                    interval += SlowDownStep;
                    break;
                default:
                    throw answer.Failure;
            }

            OAuthLog.DeviceCodePending(_logger, tokenUrl.GetLeftPart(UriPartial.Path), answer.Failure.Error, interval);
        }
    }
}
