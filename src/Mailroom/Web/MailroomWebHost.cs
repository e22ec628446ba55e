using Mailroom.Api;
using Mailroom.Data;
using Mailroom.Health;
using Mailroom.Metrics;

namespace Mailroom.Web;

/// <summary>
/// Builds the web application <c>mailroom serve</c> runs: the pages, the API and the background workers, on the
/// same database and services as the commands. Tests build it in-process on a free port.
/// </summary>
internal static class MailroomWebHost
{
    /// <param name="settings">What serve was asked for.</param>
    /// <param name="database">The opened, migrated database.</param>
    /// <param name="configuration">Extra configuration over the environment's (tests turn metrics on this way).</param>
    public static WebApplication Build(ServeSettings settings, MailroomDatabase database, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Named explicitly so that the pages are found when a test process, not mailroom.dll, is the entry point.
            ApplicationName = typeof(MailroomWebHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        builder.WebHost.UseUrls(settings.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = WebLimits.MaxRequestBodyBytes);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(settings);
        builder.Services.AddConfiguredOptions(builder.Configuration);
        builder.Services
            .AddMailroom(database)
            .AddMailroomUsers()
            .AddMailroomSignIn()
            .AddMailroomPages()
            .AddMailroomApiServices()
            .AddMailroomWorkers()
            .AddMailroomHealth()
            .AddMailroomMetrics(builder.Configuration);
        var app = builder.Build();
        app.UseMailroomWeb();
        return app;
    }
}
