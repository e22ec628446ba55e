using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;

namespace Mailroom.Core.Tests.Accounts;

public sealed class AccountValidatorTests
{
    private static Account Exchange() => new()
    {
        Name = "Help Desk",
        Type = AccountType.Exchange,
        Exchange = new ExchangeServer("CORP", "mail.example.test"),
        Credentials = new Credentials("helpdesk@example.test", new Secret("pw")),
    };

    private static Account Imap() => new()
    {
        Name = "Support",
        Type = AccountType.Imap,
        Incoming = new IncomingServer("imap.example.test", 993, SecurityMode.Ssl),
        Outgoing = new OutgoingServer("smtp.example.test"),
        Credentials = new Credentials("support", new Secret("pw")),
    };

    private static IReadOnlyList<string> Fields(Account account, IEnumerable<string>? otherNames = null) =>
        AccountValidator.Validate(account, otherNames).Select(p => p.Field).ToList();

    [Fact]
    public void Valid_exchange_and_imap_accounts_have_no_problems()
    {
        Assert.Empty(AccountValidator.Validate(Exchange()));
        Assert.Empty(AccountValidator.Validate(Imap()));
        Assert.Empty(AccountValidator.Validate(Imap() with { Type = AccountType.Pop3 }));
    }

    [Fact]
    public void An_empty_imap_account_gets_every_problem_at_once()
    {
        var account = new Account
        {
            Name = "",
            Type = AccountType.Imap,
            Incoming = new IncomingServer("", 70000),
            Outgoing = new OutgoingServer("bad host", 0),
            From = new FromSettings(true, false, ["not an address", "a@example.test", "A@EXAMPLE.TEST"], "b@example.test"),
        };

        Assert.Equal(
            ["name", "incoming-server", "incoming-port", "smtp-server", "smtp-port", "from-address", "from-address", "default-from"],
            Fields(account));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Name_is_one_to_a_hundred_characters(int length, bool valid)
    {
        var problems = Fields(Imap() with { Name = new string('n', length) });
        Assert.Equal(valid, !problems.Contains("name"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" padded")]
    [InlineData("line\nbreak")]
    public void Blank_padded_or_control_character_names_are_refused(string name) =>
        Assert.Contains("name", Fields(Imap() with { Name = name }));

    [Fact]
    public void Name_must_differ_from_the_others_without_regard_to_case()
    {
        var problems = AccountValidator.Validate(Imap() with { Name = "SUPPORT" }, ["Other", "support"]);
        var problem = Assert.Single(problems);
        Assert.Equal("name", problem.Field);
        Assert.Contains("already exists", problem.Message, StringComparison.Ordinal);
        Assert.Empty(AccountValidator.Validate(Imap(), ["Other"]));
    }

    [Fact]
    public void Exchange_needs_domain_and_server()
    {
        var account = Exchange() with { Exchange = new ExchangeServer(" ", "") };
        Assert.Equal(["exchange-domain", "server"], Fields(account));
    }

    [Fact]
    public void Exchange_without_server_settings_reports_domain_and_server()
    {
        Assert.Equal(["exchange-domain", "server"], Fields(Exchange() with { Exchange = null }));
    }

    [Theory]
    [InlineData("mail.example.test", true)]
    [InlineData("10.0.0.5", true)]
    [InlineData("https://mail.example.test/EWS/Exchange.asmx", true)]
    [InlineData("http://mail.example.test:8080/EWS/Exchange.asmx", true)]
    [InlineData("ftp://mail.example.test/", false)]
    [InlineData("https://user:pw@mail.example.test/EWS/Exchange.asmx", false)]
    [InlineData("mail example", false)]
    [InlineData("-mail.example.test", false)]
    public void Exchange_server_is_a_host_name_or_an_http_url(string server, bool valid)
    {
        var account = Exchange() with { Exchange = new ExchangeServer("CORP", server) };
        Assert.Equal(valid, !Fields(account).Contains("server"));
    }

    [Fact]
    public void Exchange_user_must_be_an_email_address()
    {
        var account = Exchange() with { Credentials = new Credentials("CORP\\helpdesk", null) };
        Assert.Equal(["user"], Fields(account));
    }

    [Fact]
    public void Blank_credentials_are_allowed_while_users_can_change_them_but_not_when_locked()
    {
        var blank = Exchange() with { Credentials = Credentials.Empty };
        Assert.Empty(Fields(blank));
        Assert.Equal(["user"], Fields(blank with { Padlocks = new Padlocks(CredentialsLocked: true) }));
    }

    [Fact]
    public void Locked_credentials_need_a_password()
    {
        var account = Imap() with { Credentials = new Credentials("support", null), Padlocks = new Padlocks(CredentialsLocked: true) };
        Assert.Equal(["password"], Fields(account));
    }

    [Fact]
    public void Imap_and_pop3_need_both_servers()
    {
        Assert.Equal(["incoming-server", "smtp-server"], Fields(Imap() with { Incoming = null, Outgoing = null }));
        Assert.Equal(["incoming-server", "smtp-server"], Fields(Imap() with { Type = AccountType.Pop3, Incoming = null, Outgoing = null }));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(65535, true)]
    [InlineData(65536, false)]
    [InlineData(-5, false)]
    public void Ports_are_1_to_65535(int port, bool valid)
    {
        var account = Imap() with { Incoming = new IncomingServer("imap.example.test", port), Outgoing = new OutgoingServer("smtp.example.test", port) };
        Assert.Equal(valid ? [] : ["incoming-port", "smtp-port"], Fields(account));
    }

    [Fact]
    public void Servers_of_the_other_type_are_refused()
    {
        Assert.Equal(["incoming-server", "smtp-server"], Fields(Exchange() with { Incoming = Imap().Incoming, Outgoing = Imap().Outgoing }));
        Assert.Equal(["exchange-domain"], Fields(Imap() with { Exchange = Exchange().Exchange }));
    }

    [Fact]
    public void Legal_from_addresses_must_be_valid_and_unique_without_regard_to_case()
    {
        var account = Imap() with { From = new FromSettings(true, false, ["Help <help@example.test>", "help@example.test", "HELP@example.test"], null) };
        var problems = AccountValidator.Validate(account);
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal("from-address", p.Field));
        Assert.Contains("Help <help@example.test>", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("HELP@example.test", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_from_must_be_a_legal_address()
    {
        var settings = new FromSettings(true, false, ["help@example.test"], "other@example.test");
        Assert.Equal(["default-from"], Fields(Imap() with { From = settings }));
        Assert.Empty(Fields(Imap() with { From = settings with { DefaultAddress = "HELP@example.test" } }));
        Assert.Equal(["default-from"], Fields(Imap() with { From = settings with { DefaultAddress = "not-an-address" } }));
    }

    [Fact]
    public void Arbitrary_from_is_a_warning_not_an_error()
    {
        var account = Imap() with { From = FromSettings.Default with { AllowArbitrary = true } };
        Assert.Empty(AccountValidator.Validate(account));
        Assert.Equal("from-allow-arbitrary", Assert.Single(AccountValidator.Warnings(account)).Field);
        Assert.Empty(AccountValidator.Warnings(Imap()));
    }

    [Fact]
    public void ThrowIfInvalid_carries_every_problem()
    {
        var e = Assert.Throws<ValidationException>(() => AccountValidator.ThrowIfInvalid(Imap() with { Name = "", Incoming = null }));
        Assert.Equal(["name", "incoming-server"], e.Problems.Select(p => p.Field));
    }
}
