using Mailroom.Core.Accounts;
using Mailroom.Mail.Graph;
using Mailroom.Mail.Tests.Ews;
using Mailroom.Testing.Graph;
using Mailroom.Testing.OAuth;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mailroom.Mail.Tests.Graph;

/// <summary>
/// One test's Microsoft 365: the local authorization server issuing client-credentials tokens and the in-process
/// Graph server accepting them (the same signing key), a mailbox on it, and a Graph account pointing at both.
/// </summary>
internal sealed class GraphServerFixture : IAsyncDisposable
{
    public const string Secret = "s3cret-value~Q8";

    private GraphServerFixture(OAuthTestServer identity, GraphTestServer graph, OAuthTestClient app, TimeProvider? oauthTime)
    {
        Identity = identity;
        Graph = graph;
        App = app;
        Address = $"desk-{Guid.NewGuid():N}"[..13] + "@contoso.example";
        Mailbox = graph.AddMailbox(Address);
        Tokens = new ClientCredentialsTokenSource(oauthTime);
        Account = new Account
        {
            Name = "Desk 365",
            Type = AccountType.Graph,
            OAuth = new OAuthSettings(OAuthProvider.Microsoft, app.ClientId, OAuthFlow.ClientCredentials)
            {
                Tenant = identity.Tenant,
                Authority = identity.Authority,
                ClientSecret = new Secret(Secret),
            },
            Graph = new GraphMailboxSettings(Address, graph.GraphUrl),
        };
    }

    public OAuthTestServer Identity { get; }

    public GraphTestServer Graph { get; }

    public OAuthTestClient App { get; }

    public string Address { get; }

    public GraphTestMailbox Mailbox { get; }

    public ClientCredentialsTokenSource Tokens { get; }

    public Account Account { get; set; }

    /// <summary>The client's clock: its waits (Retry-After, backoff) return at once and are recorded.</summary>
    public RecordingTimeProvider Time { get; } = new();

    public static async Task<GraphServerFixture> StartAsync(TimeProvider? clock = null, GraphTestServerOptions? options = null)
    {
        var identity = await OAuthTestServer.StartAsync(timeProvider: clock);
        var graph = await GraphTestServer.StartAsync((options ?? new GraphTestServerOptions()) with { SigningKey = identity.SigningKey, Clock = clock ?? TimeProvider.System });
        var app = identity.AddClient(Secret);
        return new GraphServerFixture(identity, graph, app, clock);
    }

    public GraphTransportFactory Factory(Func<GraphOptions, GraphOptions>? options = null)
    {
        var defaults = GraphOptions.Default with { TimeProvider = Time };
        return new GraphTransportFactory(Tokens, NullLoggerFactory.Instance, options is null ? defaults : options(defaults));
    }

    public static string Mime(string subject, string? messageId = null) =>
        $"From: Customer <customer@example.org>\r\nTo: desk@contoso.example\r\nSubject: {subject}\r\nMessage-ID: <{messageId ?? Guid.NewGuid().ToString("N")}@example.org>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease help with {subject}.\r\n";

    public async ValueTask DisposeAsync()
    {
        await Graph.DisposeAsync();
        await Identity.DisposeAsync();
    }
}
