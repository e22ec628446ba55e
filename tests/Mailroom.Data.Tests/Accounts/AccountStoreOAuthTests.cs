using Mailroom.Core.Accounts;
using Mailroom.Core.Validation;
using Mailroom.Data.Tests.Support;
using Mailroom.Testing;

namespace Mailroom.Data.Tests.Accounts;

/// <summary>
/// OAuth 2.0 settings and Microsoft 365 (Graph) accounts in the store, on SQLite and PostgreSQL alike through the two
/// derived classes: every field back as given, client secrets and certificates sealed, copies and kept personal
/// accounts carrying the settings.
/// </summary>
public abstract class AccountStoreOAuthTests : IAsyncLifetime
{
    private const string Actor = "test:admin";
    private const string ClientSecret = "Kx7~unusual-client-Secret-4410";

    // One certificate for the class, so the accounts built twice in a test compare equal.
    private static readonly string Certificate = Convert.ToBase64String(ClientCertificates.CreatePfx());
    private static readonly CancellationToken None = CancellationToken.None;

    private StorageTarget _target = null!;
    private StoreHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _target = await CreateTargetAsync();
        _harness = await StoreHarness.OpenAsync(_target.Options);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _target.DisposeAsync();
    }

    private protected abstract Task<StorageTarget> CreateTargetAsync();

    private static Account CustomImap(string name = "Support") => new()
    {
        Name = name,
        Type = AccountType.Imap,
        Incoming = new IncomingServer("imap.example.test", 993, SecurityMode.Ssl),
        Outgoing = new OutgoingServer("smtp.example.test"),
        Credentials = new Credentials("support@example.test", null),
        OAuth = new OAuthSettings(OAuthProvider.Custom, "mailroom-desk", OAuthFlow.AuthorizationCode)
        {
            ClientSecret = new Secret(ClientSecret),
            AuthorizeUrl = "http://127.0.0.1:5099/authorize",
            TokenUrl = "http://127.0.0.1:5099/token",
            Scopes = ["offline_access", "mail.read", "mail.send"],
        },
    };

    private static Account Graph(string name = "Microsoft 365 desk") => new()
    {
        Name = name,
        Type = AccountType.Graph,
        AvailableToUsers = true,
        OAuth = new OAuthSettings(OAuthProvider.Microsoft, "11111111-2222-3333-4444-555555555555", OAuthFlow.ClientCredentials)
        {
            Tenant = "contoso.onmicrosoft.com",
            Authority = "https://login.microsoftonline.us",
            ClientCertificate = new Secret(Certificate),
        },
        Graph = new GraphMailboxSettings("desk@contoso.test", "https://graph.microsoft.us"),
        From = new FromSettings(false, false, ["desk@contoso.test"], "desk@contoso.test"),
    };

    [Fact]
    public async Task Oauth_and_graph_accounts_come_back_with_every_field()
    {
        var imap = await _harness.Accounts.AddAsync(CustomImap(), Actor, None);
        var graph = await _harness.Accounts.AddAsync(Graph(), Actor, None);

        Assert.Equal(CustomImap() with { Id = imap.Id, Version = 1 }, await _harness.Accounts.GetAsync("support", None));
        Assert.Equal(Graph() with { Id = graph.Id, Version = 1 }, await _harness.Accounts.GetAsync(graph.Id, None));
        var read = await _harness.Accounts.GetAsync("Support", None);
        Assert.Equal(["offline_access", "mail.read", "mail.send"], read.OAuth!.Scopes);
        Assert.Equal(ClientSecret, read.OAuth.ClientSecret!.Reveal());
    }

    [Fact]
    public async Task The_client_secret_and_certificate_are_sealed_nowhere_in_storage_and_unseal_after_a_restart()
    {
        await _harness.Accounts.AddAsync(CustomImap(), Actor, None);
        await _harness.Accounts.AddAsync(Graph(), Actor, None);
        await _harness.Accounts.CopyAsync("Support", "Support 2", Actor, None);
        await _harness.DisposeAsync();

        Assert.Empty(await _target.FindEverywhereAsync(ClientSecret));
        Assert.Empty(await _target.FindEverywhereAsync(Certificate));
        Assert.NotEmpty(await _target.FindEverywhereAsync("mailroom-desk")); // the client id is not a secret: the scan sees it

        _harness = await StoreHarness.OpenAsync(_target.Options);
        Assert.Equal(ClientSecret, (await _harness.Accounts.GetAsync("Support 2", None)).OAuth!.ClientSecret!.Reveal());
        Assert.Equal(Certificate, (await _harness.Accounts.GetAsync("Microsoft 365 desk", None)).OAuth!.ClientCertificate!.Reveal());
    }

    [Fact]
    public async Task A_copy_carries_the_oauth_and_graph_settings_sealed_secrets_included()
    {
        await _harness.Accounts.AddAsync(Graph(), Actor, None);
        var copy = await _harness.Accounts.CopyAsync("microsoft 365 DESK", "Second desk", Actor, None);

        Assert.Equal(Graph("Second desk") with { Id = copy.Id, Version = 1 }, await _harness.Accounts.GetAsync("Second desk", None));
    }

    [Fact]
    public async Task Going_back_to_password_clears_every_oauth_column_and_the_audit_names_the_fields_only()
    {
        var stored = await _harness.Accounts.AddAsync(CustomImap(), Actor, None);
        var toPassword = stored with { OAuth = null, Credentials = new Credentials("support", new Secret("plain-pw")) };

        await _harness.Accounts.UpdateAsync(toPassword, Actor, None);

        var read = await _harness.Accounts.GetAsync("Support", None);
        Assert.Null(read.OAuth);
        Assert.Equal("plain-pw", read.Credentials.Password!.Reveal());
        var change = (await _harness.Audit.ListAsync(stored.Id, 10, None))[0];
        Assert.Equal(["user", "password", "auth", "oauth-provider", "oauth-flow", "client-id", "client-secret", "authorize-url", "token-url", "scope"], change.Fields);
        await _harness.DisposeAsync();
        Assert.Empty(await _target.FindEverywhereAsync(ClientSecret));
        Assert.Empty(await _target.FindEverywhereAsync("mailroom-desk"));
        _harness = await StoreHarness.OpenAsync(_target.Options);
    }

    [Fact]
    public async Task Rotating_the_client_secret_is_stored_and_audited_by_name()
    {
        var stored = await _harness.Accounts.AddAsync(CustomImap(), Actor, None);
        await _harness.Accounts.UpdateAsync(stored with { OAuth = stored.OAuth! with { ClientSecret = new Secret("rotated-client-secret") } }, Actor, None);

        Assert.Equal("rotated-client-secret", (await _harness.Accounts.GetAsync("Support", None)).OAuth!.ClientSecret!.Reveal());
        Assert.Equal(["client-secret"], (await _harness.Audit.ListAsync(stored.Id, 10, None))[0].Fields);
    }

    [Fact]
    public async Task An_invalid_graph_account_is_refused_with_every_field_and_nothing_is_written()
    {
        var broken = Graph() with
        {
            OAuth = Graph().OAuth! with { Tenant = null, ClientCertificate = null, Flow = OAuthFlow.DeviceCode },
            Graph = new GraphMailboxSettings("not-an-address", "http://graph.example.test"),
        };

        var e = await Assert.ThrowsAsync<ValidationException>(() => _harness.Accounts.AddAsync(broken, Actor, None));

        Assert.Equal(["mailbox", "graph-url", "oauth-flow", "tenant"], e.Problems.Select(p => p.Field));
        Assert.Empty(await _harness.Accounts.ListAsync(None));
        Assert.Empty(await _harness.Audit.ListAsync(null, 10, None));
    }

    [Fact]
    public async Task A_personal_version_of_an_oauth_account_holds_a_user_name_but_never_a_password()
    {
        var account = await _harness.Accounts.AddAsync(CustomImap(), Actor, None);

        var e = await Assert.ThrowsAsync<ValidationException>(() => _harness.Accounts.SavePersonalVersionAsync(
            new PersonalAccountVersion(account.Id, "ann@example.test", new Credentials("ann@example.test", new Secret("ann-pw"))), Actor, None));
        Assert.Equal("password", Assert.Single(e.Problems).Field);

        await _harness.Accounts.SavePersonalVersionAsync(new PersonalAccountVersion(account.Id, "ann@example.test", new Credentials("ann@example.test", null)), Actor, None);
        Assert.Equal("ann@example.test", Assert.Single(await _harness.Accounts.ListPersonalVersionsAsync(account.Id, None)).Credentials!.User);
    }

    [Fact]
    public async Task A_graph_account_takes_no_personal_credentials_or_servers()
    {
        var account = await _harness.Accounts.AddAsync(Graph() with { Padlocks = new Padlocks(ServerSettingsLocked: false) }, Actor, None);

        var e = await Assert.ThrowsAsync<ValidationException>(() => _harness.Accounts.SavePersonalVersionAsync(
            new PersonalAccountVersion(account.Id, "ann@example.test", new Credentials("ann", null), Incoming: new IncomingServer("imap.example.test")), Actor, None));

        Assert.Equal(["user", "lock-server-settings"], e.Problems.Select(p => p.Field));
        Assert.Empty(await _harness.Accounts.ListPersonalVersionsAsync(account.Id, None));
    }

    [Fact]
    public async Task A_kept_personal_account_carries_the_oauth_settings_with_the_users_own_name()
    {
        var account = await _harness.Accounts.AddAsync(CustomImap(), Actor, None);
        await _harness.Accounts.SavePersonalVersionAsync(new PersonalAccountVersion(account.Id, "ann@example.test", new Credentials("ann@example.test", null)), Actor, None);

        await _harness.Accounts.DeleteAsync("Support", keepUserAccounts: true, Actor, None);

        var ann = Assert.Single(await _harness.Accounts.ListPersonalAccountsAsync("ann@example.test", None));
        Assert.Equal(CustomImap().OAuth, ann.OAuth);
        Assert.Equal("ann@example.test", ann.Credentials.User);
    }
}

public sealed class SqliteAccountStoreOAuthTests : AccountStoreOAuthTests
{
    private protected override Task<StorageTarget> CreateTargetAsync() => Task.FromResult<StorageTarget>(new SqliteTarget());
}

public sealed class PostgresAccountStoreOAuthTests : AccountStoreOAuthTests
{
    private protected override async Task<StorageTarget> CreateTargetAsync() => await PostgresTarget.CreateAsync("accounts_oauth");
}
