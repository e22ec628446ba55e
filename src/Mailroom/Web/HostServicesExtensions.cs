using Microsoft.AspNetCore.DataProtection;
using Mailroom.Data;

namespace Mailroom.Web;

/// <summary>The shared services the web host needs from the rest of Mailroom, and the background workers it runs.</summary>
internal static class HostServicesExtensions
{
    public static IServiceCollection AddMailroomServices(this IServiceCollection services, MailroomDatabase database)
    {
        services.AddDataProtection().SetApplicationName("mailroom")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(database.Options.DataDirectory, "web-keys")));
        return services;
    }

    /// <summary>The outbox and monitor workers, hosted by <c>mailroom serve</c>.</summary>
    public static IServiceCollection AddMailroomWorkers(this IServiceCollection services) => services;
}
