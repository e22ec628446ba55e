using MailKit.Security;
using Mailroom.Core.Accounts;
using Mailroom.Mail.Connections;

namespace Mailroom.Mail.Tests.Connections;

/// <summary>
/// A sign-in refused for a passing reason is told apart from wrong credentials; a protocol error past the greeting
/// does not blame the port or the security mode, which the greeting proved right.
/// </summary>
public sealed class MailErrorsTests
{
    private static readonly MailEndpoint Smtp = new(MailProtocol.Smtp, "127.0.0.1", 587, SecurityMode.StartTls, false);

    private static readonly MailEndpoint Imap = new(MailProtocol.Imap, "127.0.0.1", 993, SecurityMode.Ssl, false);

    [Fact]
    public void ProtocolError_InACommand_SaysWhatHappened_AndGuessesNoPort()
    {
        var literal = new MailKit.Net.Imap.ImapProtocolException("Literal token length (5115 bytes) exceeds the maximum allowed size (4096 bytes).");

        var failure = MailErrors.Map(literal, Imap, MailStage.Command, null, TimeSpan.FromSeconds(20), timedOut: false);

        Assert.Equal(MailFailureKind.ProtocolError, failure.Kind);
        Assert.Contains("Literal token length (5115 bytes)", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("port", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("security mode", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProtocolError_WhileConnecting_MayPointAtThePort()
    {
        var garbage = new MailKit.Net.Imap.ImapProtocolException("Syntax error in untagged response.");

        var failure = MailErrors.Map(garbage, Imap, MailStage.Connect, null, TimeSpan.FromSeconds(20), timedOut: false);

        Assert.Contains("Check that the port is the IMAP port", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TlsHandshake_CutOffByTheServer_SaysTheServerClosedIt_NotThatThePortIsWrong()
    {
        // What a Dovecot that is shutting down does to a reconnecting monitor: it takes the connection, then resets it.
        var reset = new SslHandshakeException("An error occurred while attempting to establish an SSL or TLS connection.\n\nThis usually means ...",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset));

        var failure = MailErrors.Map(reset, Imap, MailStage.Connect, null, TimeSpan.FromSeconds(20), timedOut: false);

        Assert.StartsWith("IMAP 127.0.0.1:993 (ssl): the server closed the connection during the TLS handshake", failure.Message, StringComparison.Ordinal);
        Assert.Contains("if it happens on every try, check the port", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("The port may not speak TLS", failure.Message, StringComparison.Ordinal);
    }

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
