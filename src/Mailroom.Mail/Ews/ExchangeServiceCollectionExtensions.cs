using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Mailroom.Mail.Ews;

/// <summary>Registers the Exchange transport and Test Account, which the general factory and tester hand Exchange accounts to.</summary>
public static class ExchangeServiceCollectionExtensions
{
    public static IServiceCollection AddExchangeTransport(this IServiceCollection services, ExchangeOptions? options = null)
    {
        services.TryAddSingleton(sp => new ExchangeTransportFactory(
            sp.GetService<ILoggerFactory>(),
            (options ?? ExchangeOptions.Default) with { TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System }));
        services.TryAddSingleton<IExchangeTransportFactory>(sp => sp.GetRequiredService<ExchangeTransportFactory>());
        services.TryAddSingleton<IExchangeAccountTester>(sp => new ExchangeAccountTester(sp.GetRequiredService<ExchangeTransportFactory>()));
        return services;
    }
}
