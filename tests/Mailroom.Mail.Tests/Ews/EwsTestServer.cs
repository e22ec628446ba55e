using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Mailroom.Core.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Tests.Ews;

/// <summary>
/// An in-process Exchange Web Services server for tests: Kestrel on loopback with TLS (a certificate made at run
/// time), checking each request as Exchange does (sign-in, SOAP envelope and namespaces, RequestServerVersion,
/// the operation's required parts) and answering over an <see cref="EwsTestMailbox"/>. Written from the EWS
/// reference pages, not from the client.
/// </summary>
internal sealed class EwsTestServer : IAsyncDisposable
{
    public const string Domain = "CORP";
    public const string User = "desk@example.com";
    public const string Password = "Pa55-word";
    public const string Token = "eyJ0eXAiOiJKV1QiLCJub25jZSI6InRlc3QifQ.test-token";

    private readonly WebApplication _app;
    private readonly EwsTestOperations _operations;

    private EwsTestServer(WebApplication app, EwsTestOperations operations, Uri endpoint)
    {
        _app = app;
        _operations = operations;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public EwsTestMailbox Mailbox => _operations.Mailbox;

    /// <summary>The sign-in the server demands.</summary>
    public ExchangeTestAuth Auth { get; set; } = ExchangeTestAuth.Basic;

    public EwsTestServerVersion Version
    {
        get => _operations.Version;
        set => _operations.Version = value;
    }

    /// <summary>How long a minute of GetStreamingEvents' ConnectionTimeout lasts (1: a minute), so a test sees the close.</summary>
    public double ConnectionTimeoutScale
    {
        get => _operations.ConnectionTimeoutScale;
        set => _operations.ConnectionTimeoutScale = value;
    }

    /// <summary>Answers to give instead of the real one, one per request, in order (throttling, outages, bad bodies).</summary>
    public ConcurrentQueue<ServerScript> Script { get; } = new();

    /// <summary>Every request that reached the operation handlers, after sign-in.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>How many HTTP requests arrived at all, signed in or not.</summary>
    public int HttpRequestCount => _httpRequests;

    private int _httpRequests;

    public static async Task<EwsTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(TestCertificate.Localhost)));
        var app = builder.Build();
        var operations = new EwsTestOperations(new EwsTestMailbox());
        EwsTestServer? server = null;
        app.Map("/EWS/Exchange.asmx", (HttpContext context) => server!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        server = new EwsTestServer(app, operations, new Uri($"https://127.0.0.1:{port}/EWS/Exchange.asmx"));
        return server;
    }

    /// <summary>An Exchange account pointing at this server, with the server's credentials and its certificate allowed.</summary>
    public Account Account(bool allowInvalidCertificate = true, string? password = null, string domain = Domain) => new()
    {
        Name = "Service desk",
        Type = AccountType.Exchange,
        Exchange = new ExchangeServer(domain, Endpoint.ToString()),
        Credentials = new Credentials(User, new Secret(password ?? (Auth == ExchangeTestAuth.Bearer ? Token : Password))),
        AllowInvalidCertificate = allowInvalidCertificate,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _httpRequests);
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var identity = Authenticate(context);
        if (identity is null)
        {
            return; // the challenge or the refusal is written
        }

        if (Script.TryDequeue(out var script) && await script.ApplyBeforeAsync(context))
        {
            return;
        }

        var (status, document, recorded, stream) = await _operations.HandleAsync(context.Request, identity);
        if (recorded is not null)
        {
            Requests.Enqueue(recorded);
        }

        if (stream is not null)
        {
            await stream(context.Response, context.RequestAborted);
            return;
        }

        var bytes = Serialize(document);
        if (script is not null && script.Transform(bytes) is { } changed)
        {
            bytes = changed;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml; charset=utf-8";
        await context.Response.Body.WriteAsync(bytes);
    }

    private static byte[] Serialize(XDocument document)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            document.Save(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>Checks the sign-in the way IIS in front of EWS does; null when it wrote a 401.</summary>
    private string? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        switch (Auth)
        {
            case ExchangeTestAuth.Basic:
                if (header.StartsWith("Basic ", StringComparison.Ordinal))
                {
                    var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
                    if (pair == $"{Domain}\\{User}:{Password}")
                    {
                        return $"{Domain}\\{User}";
                    }
                }

                return Refuse(context, "Basic realm=\"exch01.corp.example\"");

            case ExchangeTestAuth.Bearer:
                if (header == "Bearer " + Token)
                {
                    return User;
                }

                return Refuse(context, "Bearer client_id=\"00000002-0000-0ff1-ce00-000000000000\", trusted_issuers=\"\"");

            case ExchangeTestAuth.Ntlm:
                return AuthenticateNtlm(context, header);

            default:
                throw new InvalidOperationException(Auth.ToString());
        }
    }

    private static string? AuthenticateNtlm(HttpContext context, string header)
    {
        // IIS keeps an NTLM-authenticated connection signed in for the following requests on it.
        var connection = context.Features.Get<IConnectionItemsFeature>()!.Items;
        if (!header.StartsWith("NTLM ", StringComparison.Ordinal))
        {
            if (connection.TryGetValue("ntlm-identity", out var signedIn))
            {
                return (string)signedIn!;
            }

            return Refuse(context, "NTLM");
        }

        var token = Convert.FromBase64String(header["NTLM ".Length..]);
        switch (NtlmTestMessages.MessageType(token))
        {
            case 1:
                connection["ntlm-challenged"] = true;
                return Refuse(context, "NTLM " + Convert.ToBase64String(NtlmTestMessages.Challenge(token, Domain)));
            case 3 when connection.ContainsKey("ntlm-challenged"):
                var (domain, user, ntLength) = NtlmTestMessages.ReadAuthenticate(token);
                connection.Remove("ntlm-challenged");
                // NTLMv1 responses are 24 bytes; NTLMv2 ones carry a blob. Exchange with Extended Protection needs v2.
                if (domain == Domain && user == User && ntLength > 24)
                {
                    var identity = $"{domain}\\{user}";
                    connection["ntlm-identity"] = identity;
                    context.Items["ntlm"] = identity;
                    return identity;
                }

                return Refuse(context, "NTLM");
            default:
                return Refuse(context, "NTLM");
        }
    }

    private static string? Refuse(HttpContext context, string challenge)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = challenge;
        return null;
    }
}

/// <summary>The sign-in a test server demands.</summary>
internal enum ExchangeTestAuth
{
    Basic,
    Bearer,
    Ntlm,
}
