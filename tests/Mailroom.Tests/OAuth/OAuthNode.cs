using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Data.Accounts;
using Mailroom.Data.OAuth;
using Mailroom.Engine.OAuth;
using Mailroom.Mail;
using Mailroom.Mail.OAuth;
using Mailroom.Testing.OAuth;
using Mailroom.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.OAuth;

/// <summary>
/// One Mailroom node's services over a database (an <see cref="AppHarness"/> on the caller's database options), with
/// the OAuth parts at hand: open two on the same PostgreSQL options to play two nodes.
/// </summary>
internal sealed class OAuthNode : IAsyncDisposable
{
    private readonly AppHarness _app;

    private OAuthNode(AppHarness app) => _app = app;

    public MailroomDatabase Database => _app.Database;

    public AccountStore Accounts => _app.Get<AccountStore>();

    public OAuthTokenStore Tokens => _app.Get<OAuthTokenStore>();

    public StoredAccessTokenSource Source => _app.Get<StoredAccessTokenSource>();

    public OAuthSignIn SignIn => _app.Get<OAuthSignIn>();

    public IMailTransportFactory Transports => _app.Get<IMailTransportFactory>();

    public IAccountTester Tester => _app.Get<IAccountTester>();

    public IServiceProvider Services => _app.Services;

    public T Get<T>()
        where T : notnull => _app.Get<T>();

    public static async Task<OAuthNode> OpenAsync(DatabaseOptions options, Action<IServiceCollection>? configure = null) =>
        new(await AppHarness.OpenAsync(options, configure));

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

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
