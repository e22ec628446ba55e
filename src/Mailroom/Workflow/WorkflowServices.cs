using Mailroom.Data;
using Mailroom.Data.Records;
using Mailroom.Data.Users;
using Mailroom.Users;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailroom.Workflow;

/// <summary>The record workflow and the users it assigns to, for the commands and <c>serve</c> alike.</summary>
internal static class WorkflowServices
{
    public static IServiceCollection AddMailroomWorkflow(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RecordStore(sp.GetRequiredService<MailroomDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<UserDirectory>();
        services.TryAddSingleton<RecordWorkflow>();
        return services;
    }
}
