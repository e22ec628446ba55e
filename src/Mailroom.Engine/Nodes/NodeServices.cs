using Mailroom.Engine.Monitor;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailroom.Engine.Nodes;

/// <summary>Registers this node, its heartbeat and its account leases for <c>mailroom serve</c>.</summary>
internal static class NodeServices
{
    /// <summary>
    /// Replaces the single-node lease of the monitor with the database's leases (whatever the order of registration),
    /// and starts the heartbeat. On SQLite the one node holds every lease through the very same code.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="nodeName">This node's name as the host was told it (its own settings: the engine reads no host option).</param>
    public static IServiceCollection AddMailroomNodes(this IServiceCollection services, Func<IServiceProvider, string> nodeName)
    {
        services.TryAddSingleton(new NodeLeaseOptions());
        services.TryAddSingleton(provider => new NodeIdentity(nodeName(provider)));
        services.TryAddSingleton<NodeLeases>();
        services.TryAddSingleton<NodeNameGuard>();
        services.Replace(ServiceDescriptor.Singleton<IMonitorLease>(provider => provider.GetRequiredService<NodeLeases>()));
        services.AddHostedService<NodeLeaseWorker>();
        return services;
    }
}
