using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailroom.Workflow;

/// <summary>The record workflow and the users it assigns to, for the commands and <c>serve</c> alike.</summary>
internal static class WorkflowServices
{
    public static IServiceCollection AddMailroomWorkflow(this IServiceCollection services)
    {
        services.TryAddSingleton<UserDirectory>();
        services.TryAddSingleton<RecordWorkflow>();
        return services;
    }
}
