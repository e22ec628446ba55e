using Mailroom.Core.Accounts;
using Mailroom.Mail.Ews;
using MimeKit;

namespace Mailroom.Mail.Tests.Ews;

public sealed class ExchangeAccountTesterTests
{
    [Fact]
    public async Task Missing_fields_are_listed_and_no_server_is_touched()
    {
        await using var context = await EwsTestContext.StartAsync();
        var account = context.Server.Account() with
        {
            Exchange = new ExchangeServer(" ", context.Server.Endpoint.ToString()),
            Credentials = new Credentials(EwsTestServer.User, null),
        };

        var report = await new ExchangeAccountTester(context.Factory()).TestAsync(account, "agent@example.com", CancellationToken.None);

        var step = Assert.Single(report.Steps);
        Assert.False(report.Passed);
        Assert.Equal(ExchangeAccountTester.RequiredFieldsStep, step.Name);
        Assert.Contains("Exchange Domain", step.Detail, StringComparison.Ordinal);
        Assert.Contains("Password", step.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Server", step.Detail, StringComparison.Ordinal);
        Assert.Equal(0, context.Server.HttpRequestCount);
    }

    [Fact]
    public async Task A_working_account_signs_in_and_sends_the_test_message_to_the_recipient()
    {
        await using var context = await EwsTestContext.StartAsync();

        var report = await new ExchangeAccountTester(context.Factory()).TestAsync(context.Server.Account(), "agent@example.com", CancellationToken.None);

        Assert.True(report.Passed);
        Assert.Equal(
            [ExchangeAccountTester.RequiredFieldsStep, ExchangeAccountTester.SignInStep, ExchangeAccountTester.SendStep],
            report.Steps.Select(s => s.Name));
        Assert.Contains("Exchange 15.2", report.Steps[1].Detail, StringComparison.Ordinal);
        var sent = MimeMessage.Load(new MemoryStream(Assert.Single(context.Server.Mailbox.Sent).Mime));
        Assert.Equal("agent@example.com", sent.To.Mailboxes.Single().Address);
        Assert.Equal(EwsTestServer.User, sent.From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task A_wrong_password_fails_the_sign_in_step_with_a_hint_and_sends_nothing()
    {
        await using var context = await EwsTestContext.StartAsync();

        var report = await new ExchangeAccountTester(context.Factory())
            .TestAsync(context.Server.Account(password: "wrong"), "agent@example.com", CancellationToken.None);

        Assert.False(report.Passed);
        Assert.Equal(2, report.Steps.Count);
        var signIn = report.Steps[1];
        Assert.False(signIn.Passed);
        Assert.Contains(@"authentication failed for CORP\desk@example.com", signIn.Detail, StringComparison.Ordinal);
        Assert.Contains("Exchange Domain", signIn.Hint, StringComparison.Ordinal);
        Assert.Empty(context.Server.Mailbox.Sent);
    }
}
