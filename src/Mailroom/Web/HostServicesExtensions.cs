using Mailroom.Nodes;

namespace Mailroom.Web;

/// <summary>The background workers <c>mailroom serve</c> hosts.</summary>
internal static class HostServicesExtensions
{
    /// <summary>The outbox and monitor workers, one line each.</summary>
    public static IServiceCollection AddMailroomWorkers(this IServiceCollection services) => services
        .AddHostedService<Outbox.OutboxWorker>()
        .AddHostedService(sp => sp.GetRequiredService<Monitor.MonitorWorker>())
        .AddMailroomNodes();
}
