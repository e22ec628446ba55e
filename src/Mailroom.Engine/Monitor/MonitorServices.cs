using Mailroom.Mail;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailroom.Engine.Monitor;

/// <summary>Registers the E-mail Monitor (its stores come with <c>AddMailroomData</c>); <c>mailroom serve</c> adds <see cref="MonitorWorker"/> on top.</summary>
internal static class MonitorServices
{
    public static IServiceCollection AddMailroomMonitor(this IServiceCollection services)
    {
        services.AddLogging();
        services.TryAddSingleton(new MonitorOptions());
        services.TryAddSingleton(new Core.Sending.SendingOptions()); // The filer knows Mailroom's own Message-IDs by their domain.
        services.TryAddSingleton(_ => MonitorFaults.FromEnvironment());

        // Several nodes (issue 8) replace these with lease-aware ones by registering theirs first.
        services.TryAddSingleton<IMonitorLease, SingleNodeLease>();
        services.TryAddSingleton<IMonitorAccounts, StoredMonitorAccounts>();
        services.TryAddSingleton<IMessageFiler, MailFiler>();
        services.AddMailTransports();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMonitorProgressSink, MonitorProgressRecorder>()); // the pages read a long check's progress from it
        services.AddSingleton<MonitorRunner>();
        services.AddSingleton<MonitorWorker>();
        return services;
    }
}
