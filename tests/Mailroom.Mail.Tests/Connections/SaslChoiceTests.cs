using MailKit.Security;
using Mailroom.Mail.Connections;

namespace Mailroom.Mail.Tests.Connections;

public sealed class SaslChoiceTests
{
    [Fact]
    public void Token_WhenBothAreOffered_GoesAsOAuthBearer() =>
        Assert.IsType<SaslMechanismOAuthBearer>(SaslChoice.ForToken(["PLAIN", "XOAUTH2", "OAUTHBEARER"], "u@example.com", "t"));

    [Fact]
    public void Token_WhenOnlyXOAuth2IsOffered_GoesAsXOAuth2() =>
        Assert.IsType<SaslMechanismOAuth2>(SaslChoice.ForToken(["PLAIN", "xoauth2"], "u@example.com", "t"));

    [Fact]
    public void Token_WhenNoOAuthIsOffered_HasNoMechanism() =>
        Assert.Null(SaslChoice.ForToken(["PLAIN", "LOGIN"], "u@example.com", "t"));

    [Fact]
    public void Password_GoesWithTheStrongestOfferedMechanism() =>
        Assert.Equal("SCRAM-SHA-256", SaslChoice.ForPassword(["LOGIN", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-1"], new System.Net.NetworkCredential("u", "p"))?.MechanismName);

    [Fact]
    public void Password_OnDovecotsDefaultMechanisms_GoesAsPlain() =>
        Assert.Equal("PLAIN", SaslChoice.ForPassword(["PLAIN", "LOGIN"], new System.Net.NetworkCredential("u", "p"))?.MechanismName);

    [Fact]
    public void Password_WithoutSaslMechanisms_FallsBackToTheProtocolLogin() =>
        Assert.Null(SaslChoice.ForPassword([], new System.Net.NetworkCredential("u", "p")));
}
