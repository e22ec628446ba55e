using Mailroom.Core.Accounts;
using Mailroom.Mail.Ews;

namespace Mailroom.Mail.Tests.Ews;

public sealed class EwsEndpointTests
{
    [Theory]
    [InlineData("mail.corp.example", true, "https://mail.corp.example/EWS/Exchange.asmx")]
    [InlineData("mail.corp.example", false, "http://mail.corp.example/EWS/Exchange.asmx")]
    [InlineData("https://cas.corp.example/ews/exchange.asmx", true, "https://cas.corp.example/ews/exchange.asmx")]
    public void The_client_posts_to_the_standard_path_of_a_host_or_to_a_full_url_as_given(string server, bool useSsl, string expected)
    {
        using var client = new ExchangeTransportFactory().CreateClient(Account(server, useSsl));

        Assert.Equal(new Uri(expected), client.Endpoint);
        Assert.Equal(@"CORP\desk@corp.example", client.SignInName);
        Assert.Equal("Exchange2007_SP1", client.RequestVersion);
    }

    [Fact]
    public void An_unknown_pinned_server_version_is_refused_naming_the_setting()
    {
        var factory = new ExchangeTransportFactory(options: new ExchangeOptions { RequestServerVersion = "Exchange2007_SP3" });

        var error = Assert.Throws<ArgumentException>(() => factory.CreateClient(Account("mail.corp.example", true)));

        Assert.Contains("RequestServerVersion", error.Message, StringComparison.Ordinal);
        Assert.Contains("Exchange2007_SP3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8, 3, 0, "Exchange2007_SP1")]
    [InlineData(14, 0, 639, "Exchange2010")]
    [InlineData(14, 1, 218, "Exchange2010_SP1")]
    [InlineData(14, 3, 123, "Exchange2010_SP2")]
    [InlineData(15, 0, 516, "Exchange2013")]
    [InlineData(15, 0, 847, "Exchange2013_SP1")]
    [InlineData(15, 2, 1118, "Exchange2013_SP1")]
    [InlineData(15, 20, 5, "Exchange2013_SP1")]
    public void The_request_version_follows_the_server_build(int major, int minor, int build, string expected) =>
        Assert.Equal(expected, new EwsServerVersion(major, minor, build, 0, "V2_23").RequestVersion);

    private static Account Account(string server, bool useSsl) => new()
    {
        Name = "Desk",
        Type = AccountType.Exchange,
        Exchange = new ExchangeServer("CORP", server, useSsl),
        Credentials = new Credentials("desk@corp.example", new Secret("x")),
    };
}
