using Mailroom.Core.Accounts;
using Mailroom.Testing;

namespace Mailroom.Core.Tests.Accounts;

/// <summary>OAuth 2.0 sign-in on IMAP and POP3 accounts: what each provider and flow needs, each problem named by field.</summary>
public sealed class AccountValidatorOAuthTests
{
    private static OAuthSettings Microsoft(OAuthFlow flow = OAuthFlow.AuthorizationCode) =>
        new(OAuthProvider.Microsoft, "11111111-2222-3333-4444-555555555555", flow) { Tenant = "contoso.onmicrosoft.com" };

    private static Account Imap(OAuthSettings? oauth) => new()
    {
        Name = "Support",
        Type = AccountType.Imap,
        Incoming = new IncomingServer("outlook.office365.com", 993, SecurityMode.Ssl),
        Outgoing = new OutgoingServer("smtp.office365.com"),
        Credentials = new Credentials("support@contoso.test", null),
        OAuth = oauth,
    };

    private static IReadOnlyList<string> Fields(Account account) =>
        AccountValidator.Validate(account).Select(p => p.Field).ToList();

    [Fact]
    public void Microsoft_google_and_custom_accounts_that_give_what_their_provider_needs_pass()
    {
        Assert.Empty(AccountValidator.Validate(Imap(Microsoft())));
        Assert.Empty(AccountValidator.Validate(Imap(Microsoft(OAuthFlow.DeviceCode))));
        Assert.Empty(AccountValidator.Validate(Imap(Microsoft(OAuthFlow.ClientCredentials) with { ClientSecret = new("s3cret") })));
        Assert.Empty(AccountValidator.Validate(Imap(new OAuthSettings(OAuthProvider.Google, "123.apps.googleusercontent.com", OAuthFlow.AuthorizationCode)) with { Type = AccountType.Pop3 }));
        Assert.Empty(AccountValidator.Validate(Imap(new OAuthSettings(OAuthProvider.Custom, "mailroom", OAuthFlow.AuthorizationCode)
        {
            TokenUrl = "https://id.example.test/token",
            AuthorizeUrl = "https://id.example.test/authorize",
            Scopes = ["mail"],
        })));
    }

    [Fact]
    public void A_blank_client_id_and_a_missing_microsoft_tenant_are_both_named()
    {
        var oauth = Microsoft() with { ClientId = " ", Tenant = null };
        Assert.Equal(["client-id", "tenant"], Fields(Imap(oauth)));
    }

    [Theory]
    [InlineData("contoso.onmicrosoft.com", OAuthFlow.ClientCredentials, true)]
    [InlineData("8f3c1b2a-1111-2222-3333-444455556666", OAuthFlow.ClientCredentials, true)]
    [InlineData("common", OAuthFlow.AuthorizationCode, true)]
    [InlineData("common", OAuthFlow.ClientCredentials, false)]
    [InlineData("Organizations", OAuthFlow.ClientCredentials, false)]
    [InlineData("contoso/evil", OAuthFlow.AuthorizationCode, false)]
    [InlineData("::1", OAuthFlow.AuthorizationCode, false)]
    public void The_tenant_is_one_directory_and_app_only_tokens_refuse_the_multi_tenant_names(string tenant, OAuthFlow flow, bool valid)
    {
        var oauth = Microsoft(flow) with { Tenant = tenant, ClientSecret = new("s") };
        Assert.Equal(valid, !Fields(Imap(oauth)).Contains("tenant"));
    }

    [Fact]
    public void Custom_needs_a_token_url_an_authorize_url_for_the_code_flow_and_a_scope()
    {
        var oauth = new OAuthSettings(OAuthProvider.Custom, "mailroom", OAuthFlow.AuthorizationCode);
        Assert.Equal(["token-url", "authorize-url", "scope"], Fields(Imap(oauth)));
    }

    [Theory]
    [InlineData(OAuthProvider.Google, OAuthFlow.ClientCredentials)]
    [InlineData(OAuthProvider.Google, OAuthFlow.DeviceCode)]
    [InlineData(OAuthProvider.Custom, OAuthFlow.ClientCredentials)]
    [InlineData(OAuthProvider.Custom, OAuthFlow.DeviceCode)]
    public void Client_credentials_are_microsoft_only_and_google_has_no_device_flow_for_mail(OAuthProvider provider, OAuthFlow flow)
    {
        var oauth = new OAuthSettings(provider, "client", flow)
        {
            TokenUrl = "https://id.example.test/token",
            Scopes = ["mail"],
            ClientSecret = new("s"),
        };
        var problem = Assert.Single(AccountValidator.Validate(Imap(oauth)));
        Assert.Equal("oauth-flow", problem.Field);
        Assert.Contains("authorization-code", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_credentials_need_a_secret_or_a_certificate_but_not_both()
    {
        var oauth = Microsoft(OAuthFlow.ClientCredentials);
        Assert.Equal(["client-secret"], Fields(Imap(oauth)));
        var pfx = new Secret(Convert.ToBase64String(ClientCertificates.CreatePfx()));
        Assert.Empty(Fields(Imap(oauth with { ClientCertificate = pfx })));
        Assert.Equal(["client-certificate"], Fields(Imap(oauth with { ClientSecret = new("s"), ClientCertificate = pfx })));
    }

    [Fact]
    public void A_client_certificate_must_be_base64_pkcs12_with_its_private_key()
    {
        var oauth = Microsoft(OAuthFlow.ClientCredentials);
        AccountValidator.Validate(Imap(oauth with { ClientCertificate = new("not base64!") })).Single(p => p.Field == "client-certificate");
        var garbage = AccountValidator.Validate(Imap(oauth with { ClientCertificate = new(Convert.ToBase64String([1, 2, 3, 4])) }));
        Assert.Contains("PKCS#12", Assert.Single(garbage).Message, StringComparison.Ordinal);
        var keyless = AccountValidator.Validate(Imap(oauth with { ClientCertificate = new(Convert.ToBase64String(ClientCertificates.CreatePfxWithoutKey())) }));
        Assert.Contains("private key", Assert.Single(keyless).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://id.example.test/oauth2/token", true)]
    [InlineData("http://127.0.0.1:5099/token", true)]
    [InlineData("http://localhost:5099/token", true)]
    [InlineData("http://[::1]:5099/token", true)]
    [InlineData("http://id.example.test/token", false)]
    [InlineData("http://10.0.0.1/token", false)]
    [InlineData("ftp://id.example.test/token", false)]
    [InlineData("https://user:pw@id.example.test/token", false)]
    [InlineData("/token", false)]
    [InlineData("https://id.example.test/token#x", false)]
    public void Token_and_authorize_urls_are_https_except_on_a_loopback_address(string url, bool valid)
    {
        var oauth = new OAuthSettings(OAuthProvider.Custom, "mailroom", OAuthFlow.AuthorizationCode)
        {
            TokenUrl = url,
            AuthorizeUrl = url,
            Scopes = ["mail"],
        };
        Assert.Equal(valid ? [] : ["token-url", "authorize-url"], Fields(Imap(oauth)));
    }

    [Fact]
    public void The_authority_is_an_https_url_and_only_for_microsoft()
    {
        Assert.Empty(Fields(Imap(Microsoft() with { Authority = "https://login.microsoftonline.us" })));
        Assert.Empty(Fields(Imap(Microsoft() with { Authority = "http://127.0.0.1:5099" })));
        Assert.Equal(["authority"], Fields(Imap(Microsoft() with { Authority = "http://login.example.test" })));
        var google = new OAuthSettings(OAuthProvider.Google, "g", OAuthFlow.AuthorizationCode) { Authority = "https://login.microsoftonline.us" };
        Assert.Equal(["authority"], Fields(Imap(google)));
    }

    [Fact]
    public void Scopes_are_single_words_given_once()
    {
        var oauth = Microsoft() with { Scopes = ["offline_access", "two words", "offline_access", "quo\"te"] };
        var problems = AccountValidator.Validate(Imap(oauth));
        Assert.Equal(["scope", "scope", "scope"], problems.Select(p => p.Field));
        Assert.Contains("'two words'", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("more than once", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_beside_oauth_is_refused_for_incoming_and_smtp()
    {
        var account = Imap(Microsoft()) with
        {
            Credentials = new Credentials("support@contoso.test", new("pw")),
            Outgoing = new OutgoingServer("smtp.office365.com", UseIncomingCredentials: false, Credentials: new Credentials("smtp", new("pw2"))),
        };
        Assert.Equal(["password", "smtp-password"], Fields(account));
    }

    [Fact]
    public void Locked_oauth_credentials_need_the_user_but_no_password()
    {
        var locked = Imap(Microsoft()) with { Padlocks = new Padlocks(CredentialsLocked: true) };
        Assert.Empty(Fields(locked));
        Assert.Equal(["user"], Fields(locked with { Credentials = Credentials.Empty }));
    }

    [Fact]
    public void Oauth_on_an_exchange_account_is_refused_pointing_at_graph()
    {
        var exchange = new Account
        {
            Name = "Help Desk",
            Type = AccountType.Exchange,
            Exchange = new ExchangeServer("CORP", "mail.example.test"),
            Credentials = new Credentials("helpdesk@example.test", new("pw")),
            OAuth = Microsoft(),
        };
        var problem = Assert.Single(AccountValidator.Validate(exchange));
        Assert.Equal("auth", problem.Field);
        Assert.Contains("Graph", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_audit_diff_names_the_oauth_fields_that_changed_never_their_values()
    {
        var before = Imap(null);
        var after = Imap(Microsoft(OAuthFlow.ClientCredentials) with { ClientSecret = new("s3cret"), Scopes = ["a"] });
        Assert.Equal(
            ["auth", "oauth-provider", "oauth-flow", "client-id", "client-secret", "tenant", "scope"],
            AccountDiff.ChangedFields(before, after));
        Assert.Equal(["client-secret"], AccountDiff.ChangedFields(after, after with { OAuth = after.OAuth! with { ClientSecret = new("rotated") } }));
        Assert.Empty(AccountDiff.ChangedFields(after, after with { OAuth = after.OAuth! with { Scopes = ["a"] } }));
    }
}
