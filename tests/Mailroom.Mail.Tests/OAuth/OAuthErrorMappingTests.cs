using Mailroom.Mail.OAuth;

namespace Mailroom.Mail.Tests.OAuth;

/// <summary>
/// Refusals the local server does not produce (consent withdrawn, multi-factor now required), mapped as the
/// provider's own codes say: the rest of the map is proved against the local server.
/// </summary>
public sealed class OAuthErrorMappingTests
{
    [Theory]
    [InlineData(400, "interaction_required", "AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.")]
    [InlineData(400, "consent_required", "AADSTS65001: The user or administrator has not consented to use the application.")]
    [InlineData(400, "invalid_grant", "Token has been expired or revoked.")]
    [InlineData(401, "invalid_client", "AADSTS7000222: The provided client secret keys for app 'x' are expired.")]
    public void LostSignIn_IsSignInNeeded(int status, string error, string description)
    {
        var e = OAuthErrors.FromResponse(status, error, description, null, null, "login.example.com");

        Assert.IsType<SignInNeededException>(e);
        Assert.Equal(description, e.Description);
        Assert.Contains(description, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.", "client secret")]
    [InlineData(400, "unauthorized_client", "AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.", "client id")]
    [InlineData(400, "invalid_request", "AADSTS90002: Tenant 'y' not found.", "tenant")]
    [InlineData(400, "invalid_scope", "The scope is not valid.", "scope")]
    [InlineData(401, "invalid_client", "Unauthorized", "client id or client secret")]
    public void WrongSetting_IsNotTransientAndNamesTheField(int status, string error, string description, string field)
    {
        var e = OAuthErrors.FromResponse(status, error, description, null, null, "login.example.com");

        Assert.IsNotType<SignInNeededException>(e);
        Assert.False(e.IsTransient);
        Assert.Equal(field, e.Field);
        Assert.StartsWith(field + ": ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "temporarily_unavailable")]
    [InlineData(502, null)]
    [InlineData(429, null)]
    public void OutageOrThrottling_IsTransient(int status, string? error)
    {
        var e = OAuthErrors.FromResponse(status, error, null, null, TimeSpan.FromSeconds(3), "login.example.com");

        Assert.True(e.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(3), e.RetryAfter);
    }
}
