using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Data.Accounts;
using Mailroom.Data.OAuth;
using Mailroom.Data.Settings;
using Mailroom.Engine.OAuth;
using Mailroom.Mail;
using Mailroom.Mail.OAuth;
using Mailroom.Testing.OAuth;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.OAuth;

/// <summary>
/// One Mailroom node's services over a database, composed as the app composes them (<c>AddMailroom</c>): open two on
/// the same PostgreSQL options to play two nodes.
/// </summary>
internal sealed class OAuthNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private OAuthNode(MailroomDatabase database, ServiceProvider services)
    {
        Database = database;
        _services = services;
    }

    public MailroomDatabase Database { get; }

    public AccountStore Accounts => _services.GetRequiredService<AccountStore>();

    public OAuthTokenStore Tokens => _services.GetRequiredService<OAuthTokenStore>();

    public StoredAccessTokenSource Source => _services.GetRequiredService<StoredAccessTokenSource>();

    public OAuthSignIn SignIn => _services.GetRequiredService<OAuthSignIn>();

    public IMailTransportFactory Transports => _services.GetRequiredService<IMailTransportFactory>();

    public IAccountTester Tester => _services.GetRequiredService<IAccountTester>();

    public IServiceProvider Services => _services;

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static async Task<OAuthNode> OpenAsync(DatabaseOptions options, Action<IServiceCollection>? configure = null)
    {
        var database = await MailroomDatabase.OpenAndMigrateAsync(options, CancellationToken.None);
        var collection = new ServiceCollection().AddLogging();
        configure?.Invoke(collection);
        var services = collection.AddMailroom(database).BuildServiceProvider();

        // The Conversation ID prefix and the rest of the installation settings, as serve's first start makes them.
        await services.GetRequiredService<SettingsStore>().EnsureInitializedAsync(CancellationToken.None);
        return new OAuthNode(database, services);
    }

    /// <summary>An IMAP account on the test Dovecot and Postfix that signs in as <paramref name="user"/> with <paramref name="flow"/> at <paramref name="server"/>.</summary>
    public Task<Account> AddAccountAsync(OAuthTestServer server, OAuthTestClient client, string user, OAuthFlow flow = OAuthFlow.DeviceCode, AccountType type = AccountType.Imap) =>
        Accounts.AddAsync(new Account
        {
            Name = "OAuth desk " + Guid.NewGuid().ToString("N")[..8],
            Type = type,
            AvailableToUsers = true,
            Incoming = type == AccountType.Pop3 ? new IncomingServer("127.0.0.1", 110, SecurityMode.StartTls) : new IncomingServer("127.0.0.1", 143, SecurityMode.StartTls),
            Outgoing = new OutgoingServer("127.0.0.1", 587, SecurityMode.StartTls, UseIncomingCredentials: true, null),
            Credentials = new Credentials(user, null),
            AllowInvalidCertificate = true,
            From = new FromSettings(true, false, [user], user),
            OAuth = new OAuthSettings(OAuthProvider.Microsoft, client.ClientId, flow)
            {
                Tenant = server.Tenant,
                Authority = server.Authority,
                ClientSecret = client.Secret is { } secret ? new Secret(secret) : null,
            },
        }, "test:admin", CancellationToken.None);

    /// <summary>The device-code sign-in as a person does it: start, approve on the provider's page as <paramref name="user"/>, wait.</summary>
    public async Task<OAuthTokens> SignInByDeviceCodeAsync(OAuthTestServer server, Account account, string user)
    {
        var started = await SignIn.StartDeviceCodeAsync(account, CancellationToken.None);
        Assert.True(server.ApproveDeviceCode(started.UserCode, user), "the test server did not know the device code it had just issued");
        return await SignIn.FinishDeviceCodeAsync(account, null, started, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
