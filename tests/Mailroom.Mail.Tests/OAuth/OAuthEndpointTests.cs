using Mailroom.Core.Accounts;
using Mailroom.Mail.OAuth;

namespace Mailroom.Mail.Tests.OAuth;

/// <summary>Identity-platform URLs must be https, except on a loopback address.</summary>
public sealed class OAuthEndpointTests
{
    [Theory]
    [InlineData("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")]
    [InlineData("https://oauth2.googleapis.com/token")]
    [InlineData("http://127.0.0.1:8080/t/oauth2/v2.0/token")]
    [InlineData("http://127.9.9.9/token")]
    [InlineData("http://localhost:5000/token")]
    [InlineData("http://[::1]:5000/token")]
    public void HttpsOrLoopback_IsAccepted(string url) => Assert.Null(OAuthEndpoint.Problem(url));

    [Theory]
    [InlineData("http://login.example.com/token", "must use https")]
    [InlineData("http://10.0.0.5/token", "must use https")]
    [InlineData("ftp://login.example.com/token", "not an absolute http(s) URL")]
    [InlineData("/token", "not an absolute http(s) URL")]
    [InlineData("", "is not set")]
    public void PlainHttpElsewhereOrNoUrl_IsRefused(string url, string problem) =>
        Assert.Contains(problem, OAuthEndpoint.Problem(url), StringComparison.Ordinal);

    [Fact]
    public async Task PlainHttpTokenUrl_IsRefusedNamingTheTokenUrlBeforeAnythingIsSent()
    {
        var settings = new OAuthSettings(OAuthProvider.Custom, "app", OAuthFlow.ClientCredentials)
        {
            TokenUrl = "http://login.example.com/token",
            ClientSecret = new Secret("s"),
        };

        var e = await Assert.ThrowsAsync<OAuthException>(() => TokenClients.Create().ClientCredentialsAsync(settings, ["x/.default"], CancellationToken.None));

        Assert.Equal("token URL", e.Field);
        Assert.StartsWith("token URL: 'http://login.example.com/token' must use https", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttpAuthorizeUrl_IsRefusedNamingTheAuthorizeUrl()
    {
        var settings = new OAuthSettings(OAuthProvider.Custom, "app", OAuthFlow.AuthorizationCode)
        {
            TokenUrl = "https://login.example.com/token",
            AuthorizeUrl = "http://login.example.com/authorize",
        };

        var e = Assert.Throws<OAuthException>(() => TokenClients.Create().BeginAuthorization(settings, ["mail"], TokenClients.Callback));

        Assert.Equal("authorize URL", e.Field);
    }

    [Fact]
    public async Task MicrosoftWithoutTenant_IsRefusedNamingTheTenant()
    {
        var settings = new OAuthSettings(OAuthProvider.Microsoft, "app", OAuthFlow.ClientCredentials) { ClientSecret = new Secret("s") };

        var e = await Assert.ThrowsAsync<OAuthException>(() => TokenClients.Create().ClientCredentialsAsync(settings, ["x/.default"], CancellationToken.None));

        Assert.Equal("tenant", e.Field);
    }
}
