using Mailroom.Core.Accounts;
using Mailroom.Mail.AccountTests;
using Mailroom.Mail.Tests.Support;
using Mailroom.Testing;

namespace Mailroom.Mail.Tests.AccountTests;

/// <summary>Test Account against the real servers: every step named, the first failure explained, the e-mail delivered.</summary>
public sealed class AccountTesterTests
{
    [Theory]
    [InlineData(AccountType.Imap)]
    [InlineData(AccountType.Pop3)]
    public async Task GoodAccount_PassesEveryStep_AndTheTestEmailArrives(AccountType type)
    {
        var desk = await MailServer.CreateUserAsync("desk");
        var me = await MailServer.CreateUserAsync("me");
        var account = (type == AccountType.Imap ? Accounts.Imap(desk) : Accounts.Pop3(desk)).WithSmtp();

        var report = await Tester().TestAsync(account, me.Address, CancellationToken.None);

        Assert.True(report.Passed, string.Join("\n", report.Steps.Select(s => $"{s.Passed} {s.Name}: {s.Detail}")));
        Assert.Equal(
            ["Required fields", $"Connect to {(type == AccountType.Imap ? "IMAP 127.0.0.1:993" : "POP3 127.0.0.1:995")} (ssl)", $"Sign in to {type.ToString().ToUpperInvariant()} as {desk.Address}",
             type == AccountType.Imap ? "Open folder INBOX" : "Open mailbox", "Connect to SMTP 127.0.0.1:587 (starttls)", $"Sign in to SMTP as {desk.Address}", $"Send test e-mail to {me.Address}"],
            report.Steps.Select(s => s.Name));
        Assert.Contains("accepted only because Allow Invalid Server Certificate is on", report.Steps[1].Detail, StringComparison.Ordinal);
        await using var probe = await ImapProbe.OpenAsync(me);
        await probe.WaitForCountAsync(1);
        Assert.Equal($"Mailroom test e-mail for account {account.Name}", Assert.Single((await probe.SubjectsAsync())!).Subject);
    }

    [Fact]
    public async Task MissingFields_AreListedTogether_AndNoServerIsTouched()
    {
        await using var server = new FakeServer(async (_, writer, _) => await writer.WriteLineAsync("* OK hello"));
        var account = new Account
        {
            Name = "incomplete",
            Type = AccountType.Imap,
            Incoming = new IncomingServer("127.0.0.1", server.Port, SecurityMode.None),
            Outgoing = new OutgoingServer(" "),
            Credentials = new Credentials("not-an-address", null),
        };

        var report = await Tester().TestAsync(account, $"me@{MailServer.DefaultDomain}", CancellationToken.None);

        var step = Assert.Single(report.Steps);
        Assert.False(step.Passed);
        Assert.Equal("Required fields", step.Name);
        Assert.Contains("SMTP server", step.Detail, StringComparison.Ordinal);
        Assert.Contains("password", step.Detail, StringComparison.Ordinal);
        Assert.Contains("default From address", step.Detail, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task WrongPassword_FailsAtSignIn_WithAHint_AndStopsThere()
    {
        var desk = await MailServer.CreateUserAsync("deskpw");
        var account = Accounts.Imap(desk).WithSmtp() with { Credentials = new Credentials(desk.Address, new Secret("wrong")) };

        var report = await Tester().TestAsync(account, desk.Address, CancellationToken.None);

        Assert.False(report.Passed);
        var last = report.Steps[^1];
        Assert.Equal($"Sign in to IMAP as {desk.Address}", last.Name);
        Assert.Contains("refused the sign-in", last.Detail, StringComparison.Ordinal);
        Assert.Contains("password", last.Hint, StringComparison.Ordinal);
        Assert.Equal(3, report.Steps.Count);
    }

    [Fact]
    public async Task UntrustedCertificate_FailsAtConnect_NamingTheCertificate()
    {
        var desk = await MailServer.CreateUserAsync("deskcert");
        var account = Accounts.Imap(desk, allowInvalid: false).WithSmtp();

        var report = await Tester().TestAsync(account, desk.Address, CancellationToken.None);

        var last = report.Steps[^1];
        Assert.False(last.Passed);
        Assert.Equal("Connect to IMAP 127.0.0.1:993 (ssl)", last.Name);
        Assert.Contains("certificate is not trusted", last.Detail, StringComparison.Ordinal);
        Assert.Contains("CN=localhost", last.Detail, StringComparison.Ordinal);
        Assert.Contains("Allow Invalid Server Certificate", last.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedRecipient_FailsTheSendStepWithTheServersWords()
    {
        var desk = await MailServer.CreateUserAsync("deskrcpt");

        var report = await Tester().TestAsync(Accounts.Imap(desk).WithSmtp(), $"nobody-{Guid.NewGuid():N}@{MailServer.DefaultDomain}", CancellationToken.None);

        var last = report.Steps[^1];
        Assert.False(last.Passed);
        Assert.StartsWith("Send test e-mail", last.Name, StringComparison.Ordinal);
        Assert.Contains("550", last.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExchangeAccount_WithoutExchangeSupport_SaysSo()
    {
        var account = new Account { Name = "ex", Type = AccountType.Exchange, Exchange = new ExchangeServer("D", "mail.example") };

        var report = await Tester().TestAsync(account, $"me@{MailServer.DefaultDomain}", CancellationToken.None);

        var step = Assert.Single(report.Steps);
        Assert.False(step.Passed);
        Assert.Contains("Exchange test not available", step.Detail, StringComparison.Ordinal);
    }

    private static AccountTester Tester() => new(Accounts.Connector(), TimeProvider.System);
}
