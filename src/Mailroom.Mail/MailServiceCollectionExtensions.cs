using Mailroom.Mail.AccountTests;
using Mailroom.Mail.Connections;
using Mailroom.Mail.Ews;
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
/// <see cref="OAuthTokenClient"/> (a typed HttpClient; it uses a registered <see cref="TimeProvider"/> when there is one).
/// </summary>
public static class MailServiceCollectionExtensions
{
    /// <summary>
    /// Adds the transports with <see cref="MailConnectionOptions"/> bound from the <c>Mail</c> section of
    /// <paramref name="configuration"/> when given (defaults otherwise). An <see cref="IExchangeTransportFactory"/> or
    /// <see cref="IExchangeAccountTester"/> registered anywhere is picked up for Exchange accounts.
    /// </summary>
    public static IServiceCollection AddMailTransports(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<MailConnectionOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection("Mail"));
        }

        options.ValidateDataAnnotations();
        services.TryAddSingleton(sp => new MailConnector(
            sp.GetRequiredService<IOptions<MailConnectionOptions>>(),
            sp.GetService<ILogger<MailConnector>>() ?? NullLogger<MailConnector>.Instance));
        services.AddExchangeTransport();
        services.AddHttpClient<OAuthTokenClient>();
        services.TryAddSingleton<IMailTransportFactory>(sp => new MailTransportFactory(sp.GetRequiredService<MailConnector>(), sp.GetService<IExchangeTransportFactory>()));
        services.TryAddSingleton<IAccountTester>(sp => new AccountTester(sp.GetRequiredService<MailConnector>(), sp.GetService<IExchangeAccountTester>(), sp.GetService<TimeProvider>()));
        return services;
    }
}
