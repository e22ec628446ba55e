using Mailroom.Mail.Ews;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Tests.Ews;

/// <summary>A started test server plus a client factory pointed at it, with a recording clock and log.</summary>
internal sealed class EwsTestContext : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    private EwsTestContext(EwsTestServer server)
    {
        Server = server;
        _loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(Log).SetMinimumLevel(LogLevel.Trace));
    }

    public EwsTestServer Server { get; }

    public CollectingLoggerProvider Log { get; } = new();

    public RecordingTimeProvider Clock { get; } = new();

    public static async Task<EwsTestContext> StartAsync(ExchangeTestAuth auth = ExchangeTestAuth.Basic)
    {
        var server = await EwsTestServer.StartAsync();
        server.Auth = auth;
        return new EwsTestContext(server);
    }

    public ExchangeOptions Options(ExchangeAuthentication? authentication = null) => new()
    {
        Authentication = authentication ?? Server.Auth switch
        {
            ExchangeTestAuth.Bearer => ExchangeAuthentication.Bearer,
            ExchangeTestAuth.Ntlm => ExchangeAuthentication.Ntlm,
            _ => ExchangeAuthentication.Basic,
        },
        TimeProvider = Clock,
    };

    public ExchangeTransportFactory Factory(ExchangeOptions? options = null) => new(_loggerFactory, options ?? Options());

    public EwsClient Client(ExchangeOptions? options = null) => Factory(options).CreateClient(Server.Account());

    public async ValueTask DisposeAsync()
    {
        _loggerFactory.Dispose();
        await Server.DisposeAsync();
    }
}
