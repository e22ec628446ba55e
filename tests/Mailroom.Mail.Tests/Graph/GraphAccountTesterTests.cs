using Mailroom.Core.Accounts;
using Mailroom.Mail.AccountTests;
using Mailroom.Mail.Tests.Support;

namespace Mailroom.Mail.Tests.Graph;

/// <summary>Test Account for a Microsoft 365 account, through the general tester, against the local identity platform and Graph.</summary>
public sealed class GraphAccountTesterTests
{
    private static AccountTester Tester(GraphServerFixture f) => new(Accounts.Connector(), TimeProvider.System, graph: f.Factory());

    [Fact]
    public async Task Every_step_passes_and_the_test_e_mail_goes_to_the_current_user_through_sendmail()
    {
        await using var f = await GraphServerFixture.StartAsync();
        f.Mailbox.AddMessage(GraphServerFixture.Mime("Waiting"));

        var report = await Tester(f).TestAsync(f.Account, "agent@contoso.example", CancellationToken.None);

        Assert.True(report.Passed, string.Join("\n", report.Steps.Select(s => $"{s.Name}: {s.Detail}")));
        Assert.Equal(["Required fields", $"Get an access token from {f.Identity.TokenUrl()}", $"Open mailbox {f.Address}", "Open folder Inbox", "Send test e-mail to agent@contoso.example"],
            report.Steps.Select(s => s.Name));
        Assert.Contains("1 messages, 1 unread", report.Steps[3].Detail, StringComparison.Ordinal);
        var sent = Assert.Single(f.Graph.Sent);
        Assert.Equal(["agent@contoso.example"], sent.Recipients);
        Assert.Equal($"Mailroom test e-mail for account {f.Account.Name}", sent.Parse().Subject);
    }

    [Fact]
    public async Task A_wrong_client_secret_fails_the_token_step_with_the_identity_platforms_words_naming_the_client_secret()
    {
        await using var f = await GraphServerFixture.StartAsync();
        f.Account = f.Account with { OAuth = f.Account.OAuth! with { ClientSecret = new Secret("wrong-secret") } };

        var report = await Tester(f).TestAsync(f.Account, "agent@contoso.example", CancellationToken.None);

        Assert.False(report.Passed);
        var failed = report.Steps[^1];
        Assert.StartsWith("Get an access token", failed.Name, StringComparison.Ordinal);
        Assert.Contains("AADSTS7000215", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("client secret", failed.Hint, StringComparison.Ordinal);
        Assert.Empty(f.Graph.Requests);
    }

    [Fact]
    public async Task A_mailbox_the_application_is_shut_out_of_fails_the_mailbox_step_naming_the_access_policy()
    {
        await using var f = await GraphServerFixture.StartAsync();
        f.Mailbox.BlockApp(f.App.ClientId);

        var report = await Tester(f).TestAsync(f.Account, "agent@contoso.example", CancellationToken.None);

        var failed = report.Steps[^1];
        Assert.Equal($"Open mailbox {f.Address}", failed.Name);
        Assert.False(failed.Passed);
        Assert.Contains("access policy", failed.Hint, StringComparison.Ordinal);
        Assert.Empty(f.Graph.Sent);
    }

    [Fact]
    public async Task Missing_fields_are_all_named_and_nothing_is_contacted()
    {
        await using var f = await GraphServerFixture.StartAsync();
        var account = f.Account with { Graph = new GraphMailboxSettings("", f.Graph.GraphUrl), OAuth = f.Account.OAuth! with { Tenant = null, ClientSecret = null } };

        var report = await Tester(f).TestAsync(account, "not an address", CancellationToken.None);

        var step = Assert.Single(report.Steps);
        Assert.Equal("missing: mailbox (an e-mail address), tenant, client secret or certificate, recipient address", step.Detail);
        Assert.Equal(0, f.Tokens.Bought);
    }
}
