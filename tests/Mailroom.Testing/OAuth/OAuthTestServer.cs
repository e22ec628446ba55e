using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mailroom.Testing.OAuth;

/// <summary>
/// A local OAuth 2.0 authorization server for tests: in-process Kestrel on 127.0.0.1 (a free port, plain http,
/// which the https rule allows on loopback), shaped like the Microsoft identity platform
/// (<c>/{tenant}/oauth2/v2.0/authorize|token|devicecode</c>) and, for a generic provider, like Google
/// (<c>/o/oauth2/v2/auth</c> and <c>/token</c>). It answers every grant Mailroom uses (client credentials with a secret
/// or a certificate assertion, authorization code with PKCE S256 through a consent page, refresh with rotation,
/// device code through a verification page) and refuses as Microsoft documents, error bodies included.
/// </summary>
/// <remarks>
/// Access tokens are HS256 JWTs signed with <see cref="SigningKey"/>; start the server with
/// <see cref="StartForMailServerAsync"/> and the test Dovecot (its <c>oauth2</c> passdb) accepts them on IMAP, POP3
/// and, through Postfix, SMTP submission, with <c>sub</c> as the mailbox user. Everything about it is one test's:
/// start one per test class or test, and dispose it.
/// </remarks>
public sealed partial class OAuthTestServer : IAsyncDisposable
{
    /// <summary>The tenant domain the server answers for (its <see cref="TenantId"/> works too).</summary>
    public const string DefaultTenant = "mailroom-test.onmicrosoft.com";

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OAuthTestClient> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceGrant> _deviceCodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _assertionIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<OAuthTestGrant, int> _requests = new();
    private readonly ConcurrentDictionary<OAuthTestGrant, int> _issued = new();
    private readonly ConcurrentQueue<(int Status, TimeSpan? RetryAfter)> _failures = new();
    private int _slowDowns;

    private OAuthTestServer(WebApplication app, byte[] signingKey, TimeProvider time)
    {
        _app = app;
        SigningKey = signingKey;
        _time = time;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The Microsoft authority to give an account (<c>OAuthSettings.Authority</c>): <see cref="BaseUri"/> without the slash.</summary>
    public string Authority => BaseUri.GetLeftPart(UriPartial.Authority);

    /// <summary>The tenant domain (<see cref="DefaultTenant"/>).</summary>
    public string Tenant => DefaultTenant;

    /// <summary>The tenant's id, put in tokens as <c>tid</c>; accepted in URLs like <see cref="Tenant"/>.</summary>
    public string TenantId { get; } = Guid.NewGuid().ToString();

    /// <summary>The HS256 key access tokens are signed with.</summary>
    public byte[] SigningKey { get; }

    /// <summary>Lifetime of the access tokens issued from now on (default one hour; tests use seconds).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Characters of a <c>pad</c> claim added to access tokens, so a test can make 2-3 KB tokens (default none).</summary>
    public int TokenPadding { get; set; }

    /// <summary>Microsoft endpoints hand out a new refresh token on every renewal and the used one stops working (default true).</summary>
    public bool RotateRefreshTokens { get; set; } = true;

    /// <summary>The polling interval a device-code start asks for (default 1 s; at least 1 s).</summary>
    public TimeSpan DeviceCodeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long device codes work (default 15 minutes).</summary>
    public TimeSpan DeviceCodeLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Every token-endpoint request's form, in order (for assertions on what a client sent).</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    /// <summary>Microsoft's token URL for <paramref name="tenant"/> (default <see cref="Tenant"/>).</summary>
    public string TokenUrl(string? tenant = null) => $"{Authority}/{tenant ?? Tenant}/oauth2/v2.0/token";

    /// <summary>Microsoft's authorize URL for <paramref name="tenant"/>.</summary>
    public string AuthorizeUrl(string? tenant = null) => $"{Authority}/{tenant ?? Tenant}/oauth2/v2.0/authorize";

    /// <summary>Microsoft's device authorization URL for <paramref name="tenant"/>.</summary>
    public string DeviceCodeUrl(string? tenant = null) => $"{Authority}/{tenant ?? Tenant}/oauth2/v2.0/devicecode";

    /// <summary>The Google-like authorize URL (for a custom provider): consent gives a refresh token with <c>access_type=offline</c>.</summary>
    public string GoogleAuthorizeUrl => $"{Authority}/o/oauth2/v2/auth";

    /// <summary>The Google-like token URL: plain RFC 6749 errors, and no refresh-token rotation.</summary>
    public string GoogleTokenUrl => $"{Authority}/token";

    /// <summary>The device verification page.</summary>
    public string DeviceLoginUrl => $"{Authority}/devicelogin";

    /// <summary>Starts a server on a free loopback port with a random signing key (or <paramref name="signingKey"/>).</summary>
    /// <param name="signingKey">The HS256 key; <see cref="StartForMailServerAsync"/> passes the test Dovecot's.</param>
    /// <param name="timeProvider">The server's clock for expiry (default the system clock, which Dovecot uses too).</param>
    public static async Task<OAuthTestServer> StartAsync(byte[]? signingKey = null, TimeProvider? timeProvider = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new OAuthTestServer(app, signingKey ?? RandomNumberGenerator.GetBytes(32), timeProvider ?? TimeProvider.System);
        server.Map(app);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
        return server;
    }

    /// <summary>Starts a server whose tokens the test Dovecot accepts (its key from <see cref="MailServer.OAuthSigningKeyAsync"/>).</summary>
    public static async Task<OAuthTestServer> StartForMailServerAsync(CancellationToken cancellationToken = default) =>
        await StartAsync(await MailServer.OAuthSigningKeyAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>Registers an application: confidential with <paramref name="secret"/> or <paramref name="certificate"/>, public with neither.</summary>
    public OAuthTestClient AddClient(string? secret = null, X509Certificate2? certificate = null, string? clientId = null)
    {
        var client = new OAuthTestClient(clientId ?? Guid.NewGuid().ToString(), secret, certificate);
        lock (_gate)
        {
            _clients[client.ClientId] = client;
        }

        return client;
    }

    /// <summary>Successful token responses of one grant so far (a renewal counts once).</summary>
    public int Issued(OAuthTestGrant grant) => _issued.GetValueOrDefault(grant);

    /// <summary>Token-endpoint requests of one grant so far, refused ones included.</summary>
    public int Requests(OAuthTestGrant grant) => _requests.GetValueOrDefault(grant);

    /// <summary>Revokes <paramref name="user"/>'s refresh tokens (of one client, or all): they get AADSTS50173. Returns how many.</summary>
    public int RevokeRefreshTokens(string user, string? clientId = null) =>
        Change(user, clientId, grant => grant.RevokedAt = _time.GetUtcNow());

    /// <summary>Revokes one refresh token. False when the server never issued it.</summary>
    public bool RevokeRefreshToken(string refreshToken)
    {
        lock (_gate)
        {
            if (!_refreshTokens.TryGetValue(refreshToken, out var grant))
            {
                return false;
            }

            grant.RevokedAt = _time.GetUtcNow();
            return true;
        }
    }

    /// <summary>Makes <paramref name="user"/>'s refresh tokens expired (AADSTS700082, inactive too long). Returns how many.</summary>
    public int ExpireRefreshTokens(string user, string? clientId = null) => Change(user, clientId, grant => grant.Expired = true);

    /// <summary>The next <paramref name="count"/> token requests fail with <paramref name="status"/> (429, 500, 503), with a Retry-After when given.</summary>
    public void FailNextTokenRequests(int status, int count = 1, TimeSpan? retryAfter = null)
    {
        for (var i = 0; i < count; i++)
        {
            _failures.Enqueue((status, retryAfter));
        }
    }

    /// <summary>The next <paramref name="count"/> device-code polls are answered <c>slow_down</c>.</summary>
    public void SlowDownNextDevicePolls(int count) => Interlocked.Add(ref _slowDowns, count);

    /// <summary>What the person does on the verification page, done from the test: signs in as <paramref name="user"/>. False for an unknown code.</summary>
    public bool ApproveDeviceCode(string userCode, string user) => AnswerDevice(userCode, user, accept: true);

    /// <summary>The person presses Cancel on the verification page. False for an unknown code.</summary>
    public bool DeclineDeviceCode(string userCode) => AnswerDevice(userCode, null, accept: false);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private int Change(string user, string? clientId, Action<RefreshGrant> change)
    {
        lock (_gate)
        {
            var hit = _refreshTokens.Values
                .Where(g => string.Equals(g.User, user, StringComparison.OrdinalIgnoreCase) && (clientId is null || g.Client.ClientId == clientId))
                .ToList();
            hit.ForEach(change);
            return hit.Count;
        }
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/{tenant}/oauth2/v2.0/authorize", (HttpContext c, string tenant) => AuthorizeAsync(c, tenant));
        app.MapPost("/{tenant}/oauth2/v2.0/authorize", (HttpContext c, string tenant) => AuthorizeAsync(c, tenant));
        app.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext c, string tenant) => TokenAsync(c, tenant));
        app.MapPost("/{tenant}/oauth2/v2.0/devicecode", (HttpContext c, string tenant) => DeviceCodeAsync(c, tenant));
        app.MapGet("/devicelogin", DeviceLoginAsync);
        app.MapPost("/devicelogin", DeviceLoginAsync);
        app.MapGet("/o/oauth2/v2/auth", (HttpContext c) => AuthorizeAsync(c, null));
        app.MapPost("/o/oauth2/v2/auth", (HttpContext c) => AuthorizeAsync(c, null));
        app.MapPost("/token", (HttpContext c) => TokenAsync(c, null));
    }

    private bool KnownTenant(string tenant) =>
        string.Equals(tenant, Tenant, StringComparison.OrdinalIgnoreCase) || string.Equals(tenant, TenantId, StringComparison.OrdinalIgnoreCase);

    private OAuthTestClient? FindClient(string? clientId)
    {
        lock (_gate)
        {
            return clientId is not null && _clients.TryGetValue(clientId, out var client) ? client : null;
        }
    }
}
