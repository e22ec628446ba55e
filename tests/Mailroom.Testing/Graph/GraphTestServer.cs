using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mailroom.Testing.Graph;

/// <summary>
/// An in-process Microsoft Graph v1.0 mail server for tests, written from Microsoft's reference pages
/// (../shared/reference/graph-docs/), not from any client: mail folders, messages and their MIME, delta queries,
/// sendMail with MIME, <c>$batch</c>, bearer tokens, Outlook's throttling, and Graph's error bodies. Kestrel on
/// 127.0.0.1 with a port of its own (plain HTTP on loopback), so a child <c>mailroom</c> process can use it as well:
/// give an account <see cref="GraphUrl"/> as its Graph URL. Mailboxes are made with <see cref="AddMailbox"/>;
/// <see cref="Counters"/>, <see cref="Requests"/> and <see cref="Sent"/> say what clients did.
/// </summary>
public sealed partial class GraphTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, GraphTestMailbox> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<GraphRecordedRequest> _requests = new();
    private readonly ConcurrentQueue<GraphSentMail> _sent = new();
    private readonly List<GraphFault> _faults = [];
    private readonly GraphTokenValidator _tokens;

    private GraphTestServer(WebApplication app, GraphTestServerOptions options, byte[] key, string graphUrl)
    {
        _app = app;
        Options = options;
        SigningKey = key;
        GraphUrl = graphUrl;
        var audiences = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { graphUrl, "00000003-0000-0000-c000-000000000000" };
        audiences.UnionWith(options.Audiences.Select(a => a.TrimEnd('/')));
        _tokens = new GraphTokenValidator(key, audiences, options.Clock);
    }

    /// <summary>Graph's root here, as an account's Graph URL takes it (<c>http://127.0.0.1:PORT</c>, no trailing slash);
    /// requests go to <c>{GraphUrl}/v1.0/...</c>.</summary>
    public string GraphUrl { get; }

    /// <summary>The HS256 key tokens must be signed with.</summary>
    public byte[] SigningKey { get; }

    public GraphTestServerOptions Options { get; }

    public GraphTestCounters Counters { get; } = new();

    /// <summary>Every signed-in request, in the order answered (a batch's requests before the batch itself).</summary>
    public IReadOnlyList<GraphRecordedRequest> Requests => [.. _requests];

    /// <summary>Every message accepted by <c>sendMail</c>, in order.</summary>
    public IReadOnlyList<GraphSentMail> Sent => [.. _sent];

    public static async Task<GraphTestServer> StartAsync(GraphTestServerOptions? options = null)
    {
        options ??= new GraphTestServerOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            // sendMail takes whole messages in base64; Exchange Online takes up to 150 MB a message.
            kestrel.Limits.MaxRequestBodySize = 200L * 1024 * 1024;
        });
        var app = builder.Build();
        GraphTestServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        server = new GraphTestServer(app, options, options.SigningKey ?? RandomNumberGenerator.GetBytes(32), $"http://127.0.0.1:{port}");
        return server;
    }

    /// <summary>
    /// Starts a server that accepts the tokens of the local authorization server (<paramref name="identityPlatform"/>):
    /// a client credentials token asked for with scope <c>{GraphUrl}/.default</c> (or
    /// <c>https://graph.microsoft.com/.default</c>) carries the app's roles, a delegated one its scopes.
    /// </summary>
    public static Task<GraphTestServer> StartAsync(OAuth.OAuthTestServer identityPlatform, GraphTestServerOptions? options = null) =>
        StartAsync((options ?? new GraphTestServerOptions()) with { SigningKey = identityPlatform.SigningKey });

    /// <summary>Adds a user (or shared) mailbox with Outlook's well-known folders.</summary>
    public GraphTestMailbox AddMailbox(string address, bool shared = false)
    {
        var mailbox = new GraphTestMailbox(address, shared, Options.Clock);
        if (!_mailboxes.TryAdd(address, mailbox))
        {
            throw new InvalidOperationException($"The server already has a mailbox {address}.");
        }

        return mailbox;
    }

    /// <summary>A mailbox by address; throws when there is none.</summary>
    public GraphTestMailbox Mailbox(string address) =>
        _mailboxes.TryGetValue(address, out var mailbox) ? mailbox : throw new InvalidOperationException($"The server has no mailbox {address}.");

    /// <summary>Answers requests to any mailbox with <paramref name="fault"/>, batch requests included; a fault of
    /// kind <see cref="GraphRequestKind.Batch"/> answers the outer <c>$batch</c> request.</summary>
    public void InjectFault(GraphFault fault)
    {
        lock (_faults)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>An app-only token this server accepts (client credentials; roles <c>Mail.ReadWrite</c> and
    /// <c>Mail.Send</c> unless others are given).</summary>
    public string AppToken(TimeSpan? lifetime = null, IEnumerable<string>? roles = null, string appId = GraphTestTokens.DefaultAppId) =>
        GraphTestTokens.App(SigningKey, lifetime ?? TimeSpan.FromHours(1), roles, appId, clock: Options.Clock);

    /// <summary>A delegated token this server accepts for <paramref name="user"/>.</summary>
    public string DelegatedToken(string user, TimeSpan? lifetime = null, IEnumerable<string>? scopes = null) =>
        GraphTestTokens.Delegated(SigningKey, user, lifetime ?? TimeSpan.FromHours(1), scopes, clock: Options.Clock);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal GraphTestMailbox? FindMailbox(string idOrAddress) =>
        _mailboxes.TryGetValue(idOrAddress, out var mailbox)
            ? mailbox
            : _mailboxes.Values.FirstOrDefault(m => m.Id.Equals(idOrAddress, StringComparison.OrdinalIgnoreCase));

    internal void Record(GraphSentMail sent) => _sent.Enqueue(sent);

    private GraphFault? TakeServerFault(GraphRequestKind kind)
    {
        lock (_faults)
        {
            return _faults.FirstOrDefault(f => f.TryTake(kind));
        }
    }
}
