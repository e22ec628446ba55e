using Mailroom.Mail.AccountTests;
using Mailroom.Mail.Connections;
using Mailroom.Mail.Ews;
using Mailroom.Mail.Graph;
using Mailroom.Mail.OAuth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mailroom.Mail;

/// <summary>
/// Registers the mail transports: <see cref="IMailTransportFactory"/>, <see cref="IAccountTester"/>, and the OAuth 2.0
/// <see cref="OAuthTokenClient"/> (a typed HttpClient), all reading the clock from the one registered <see cref="TimeProvider"/>.
/// </summary>
public static class MailServiceCollectionExtensions
{
    /// <summary>
    /// Adds the transports with <see cref="MailConnectionOptions"/> bound from the <c>Mail</c> section of
    /// <paramref name="configuration"/> when given (defaults otherwise). An <see cref="IExchangeTransportFactory"/> or
    /// <see cref="IExchangeAccountTester"/> registered anywhere is picked up for Exchange accounts, and an
    /// <see cref="IAccessTokenSource"/> for accounts that sign in with OAuth 2.0. Microsoft 365 (Graph) accounts use
    /// <see cref="GraphTransportFactory"/> with <see cref="GraphOptions"/> from <c>Mail:Graph</c>.
    /// </summary>
    public static IServiceCollection AddMailTransports(this IServiceCollection services, IConfiguration? configuration = null)
    {
        // Used alone (tests, tools) there is no data root to register the clock; TryAdd keeps the one already there.
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<MailConnectionOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection("Mail"));
        }

        options.ValidateDataAnnotations();
        services.TryAddSingleton(sp => new MailConnector(
            sp.GetRequiredService<IOptions<MailConnectionOptions>>(),
            sp.GetService<ILogger<MailConnector>>() ?? NullLogger<MailConnector>.Instance,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IAccessTokenSource>()));
        services.AddExchangeTransport();
        services.AddHttpClient<OAuthTokenClient>();
        var graph = services.AddOptions<GraphOptions>();
        if (configuration is not null)
        {
            graph.Bind(configuration.GetSection("Mail:Graph"));
        }

        graph.ValidateDataAnnotations();
        services.TryAddSingleton(sp => new GraphTransportFactory(
            sp.GetService<IAccessTokenSource>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<IOptions<GraphOptions>>().Value with { TimeProvider = sp.GetRequiredService<TimeProvider>() }));
        services.TryAddSingleton<IMailTransportFactory>(sp => new MailTransportFactory(sp.GetRequiredService<MailConnector>(), sp.GetService<IExchangeTransportFactory>(), sp.GetService<GraphTransportFactory>()));
        services.TryAddSingleton<IAccountTester>(sp => new AccountTester(sp.GetRequiredService<MailConnector>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IExchangeAccountTester>(), sp.GetService<GraphTransportFactory>()));
        return services;
    }
}
