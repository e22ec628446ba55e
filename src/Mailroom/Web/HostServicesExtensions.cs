using Mailroom.Engine.Monitor;
using Mailroom.Engine.Nodes;
using Mailroom.Engine.Outbox;

namespace Mailroom.Web;

/// <summary>The background workers <c>mailroom serve</c> hosts.</summary>
internal static class HostServicesExtensions
{
    /// <summary>The outbox and monitor workers, one line each.</summary>
    public static IServiceCollection AddMailroomWorkers(this IServiceCollection services) => services
        .AddHostedService<OutboxWorker>()
        .AddHostedService(sp => sp.GetRequiredService<MonitorWorker>())
        .AddMailroomNodes(sp => sp.GetRequiredService<ServeSettings>().EffectiveNodeName);
}
