using Mailroom.Core.Accounts;

namespace Mailroom.Core.Tests.Accounts;

/// <summary>Microsoft 365 (Graph) accounts: OAuth through Microsoft only, a mailbox, a Graph root, and no servers.</summary>
public sealed class AccountValidatorGraphTests
{
    private static Account Graph() => new()
    {
        Name = "Microsoft 365 desk",
        Type = AccountType.Graph,
        OAuth = new OAuthSettings(OAuthProvider.Microsoft, "11111111-2222-3333-4444-555555555555", OAuthFlow.ClientCredentials)
        {
            Tenant = "contoso.onmicrosoft.com",
            ClientSecret = new("s3cret"),
        },
        Graph = new GraphMailboxSettings("desk@contoso.test"),
    };

    private static IReadOnlyList<string> Fields(Account account) =>
        AccountValidator.Validate(account).Select(p => p.Field).ToList();

    [Fact]
    public void An_app_only_and_a_delegated_graph_account_pass()
    {
        Assert.Empty(AccountValidator.Validate(Graph()));
        Assert.Empty(AccountValidator.Validate(Graph() with { OAuth = Graph().OAuth! with { Flow = OAuthFlow.AuthorizationCode, ClientSecret = null } }));
        Assert.Empty(AccountValidator.Validate(Graph() with { Graph = new GraphMailboxSettings("desk@contoso.test", "http://127.0.0.1:5123") }));
    }

    [Fact]
    public void Graph_without_oauth_or_mailbox_names_both()
    {
        Assert.Equal(["mailbox", "auth"], Fields(Graph() with { OAuth = null, Graph = null }));
    }

    [Fact]
    public void Graph_takes_microsoft_only_and_no_device_code()
    {
        var google = Graph() with { OAuth = new OAuthSettings(OAuthProvider.Google, "g", OAuthFlow.AuthorizationCode) };
        Assert.Equal(["oauth-provider"], Fields(google));
        var device = Graph() with { OAuth = Graph().OAuth! with { Flow = OAuthFlow.DeviceCode } };
        Assert.Equal(["oauth-flow"], Fields(device));
    }

    [Theory]
    [InlineData("desk@contoso.test", true)]
    [InlineData("Desk <desk@contoso.test>", false)]
    [InlineData("desk", false)]
    [InlineData("", false)]
    public void The_mailbox_is_an_email_address(string mailbox, bool valid)
    {
        Assert.Equal(valid, !Fields(Graph() with { Graph = new GraphMailboxSettings(mailbox) }).Contains("mailbox"));
    }

    [Theory]
    [InlineData("https://graph.microsoft.us", true)]
    [InlineData("https://graph.microsoft.com/", true)]
    [InlineData("http://localhost:5123", true)]
    [InlineData("http://graph.example.test", false)]
    [InlineData("https://graph.microsoft.com/v1.0", false)]
    [InlineData("https://graph.microsoft.com?x=1", false)]
    [InlineData("graph.microsoft.com", false)]
    public void The_graph_url_is_an_https_root_except_on_loopback(string url, bool valid)
    {
        Assert.Equal(valid ? [] : ["graph-url"], Fields(Graph() with { Graph = new GraphMailboxSettings("desk@contoso.test", url) }));
    }

    [Fact]
    public void Servers_and_passwords_of_other_types_are_refused()
    {
        var account = Graph() with
        {
            Exchange = new ExchangeServer("CORP", "mail.example.test"),
            Incoming = new IncomingServer("imap.example.test"),
            Outgoing = new OutgoingServer("smtp.example.test"),
            Credentials = new Credentials("someone", new("pw")),
        };
        Assert.Equal(["exchange-domain", "incoming-server", "smtp-server", "user", "password"], Fields(account));
    }

    [Fact]
    public void A_mailbox_on_another_type_is_refused()
    {
        var imap = new Account
        {
            Name = "Support",
            Type = AccountType.Imap,
            Incoming = new IncomingServer("imap.example.test"),
            Outgoing = new OutgoingServer("smtp.example.test"),
            Graph = new GraphMailboxSettings("desk@contoso.test"),
        };
        Assert.Equal(["mailbox"], Fields(imap));
    }
}
