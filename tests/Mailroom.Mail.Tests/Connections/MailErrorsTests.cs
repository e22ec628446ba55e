using MailKit.Security;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;

namespace Mailroom.Mail.Tests.Connections;

/// <summary>A sign-in refused for a passing reason is told apart from wrong credentials.</summary>
public sealed class MailErrorsTests
{
    private static readonly MailEndpoint Smtp = new(MailProtocol.Smtp, "127.0.0.1", 587, SecurityMode.StartTls, false);

    [Theory]
    [InlineData("454: 4.7.0 Temporary authentication failure: Connection lost to authentication server")]
    [InlineData("[UNAVAILABLE] Temporary authentication failure. [host:2026-11-27 17:40:57]")]
    [InlineData("[SYS/TEMP] Temporary authentication failure.")]
    public void TemporaryAuthenticationFailure_IsATransientServerError_NotAWrongPassword(string reply)
    {
        var failure = MailErrors.Map(new AuthenticationException(reply), Smtp, MailStage.SignIn, null, TimeSpan.FromSeconds(20), timedOut: false);

        Assert.Equal(MailFailureKind.ServerError, failure.Kind);
        Assert.True(failure.IsTransient);
        Assert.Contains("temporary failure", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Check the user name and password", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("535: 5.7.8 Error: authentication failed: authentication failure")]
    [InlineData("[AUTHENTICATIONFAILED] Authentication failed.")]
    [InlineData("[AUTH] Authentication failed.")]
    public void WrongCredentials_AreAuthenticationFailed(string reply)
    {
        var failure = MailErrors.Map(new AuthenticationException(reply), Smtp, MailStage.SignIn, null, TimeSpan.FromSeconds(20), timedOut: false);

        Assert.Equal(MailFailureKind.AuthenticationFailed, failure.Kind);
        Assert.False(failure.IsTransient);
        Assert.Contains("Check the user name and password", failure.Message, StringComparison.Ordinal);
    }
}
