using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Mail;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailroom.Engine.Monitor;

/// <summary>Registers the E-mail Monitor's stores and engine; <c>mailroom serve</c> adds <see cref="MonitorWorker"/> on top.</summary>
internal static class MonitorServices
{
    public static IServiceCollection AddMailroomMonitor(this IServiceCollection services, MailroomDatabase database)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddSingleton(sp => new RawMessageSpool(database.Options.DataDirectory, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<MonitorStore>();
        services.AddSingleton<MonitorMessageStore>();
        services.TryAddSingleton(new MonitorOptions());
        services.TryAddSingleton(new Core.Sending.SendingOptions()); // The filer knows Mailroom's own Message-IDs by their domain.
        services.TryAddSingleton(_ => MonitorFaults.FromEnvironment());

        // Several nodes (issue 8) replace these with lease-aware ones by registering theirs first.
        services.TryAddSingleton<IMonitorLease, SingleNodeLease>();
        services.TryAddSingleton<IMonitorAccounts, StoredMonitorAccounts>();
        services.TryAddSingleton<IMessageFiler, MailFiler>();
        services.AddMailTransports();
        services.AddSingleton<MonitorRunner>();
        services.AddSingleton<MonitorWorker>();
        return services;
    }
}
