using Mailroom.Data;
using Mailroom.Engine.Monitor;
using Mailroom.Engine.OAuth;
using Mailroom.Engine.Sending;
using Mailroom.Mail;
using Mailroom.Workflow;

namespace Mailroom;

/// <summary>
/// The composition of Mailroom's services, shared by the admin commands and <c>mailroom serve</c>. Each area adds its
/// registrations here, one line each, so every front end sees the same services.
/// </summary>
internal static class MailroomServices
{
    public static IServiceCollection AddMailroom(this IServiceCollection services, MailroomDatabase database)
    {
        services.AddMailroomData(database);
        services.AddMailroomOAuth();
        services.AddMailroomMonitor();
        services.AddMailTransports();
        services.AddMailroomSending();
        services.AddMailroomWorkflow();
        return services;
    }
}
