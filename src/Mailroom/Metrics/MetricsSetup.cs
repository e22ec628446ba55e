using Mailroom.Engine.Metrics;
using OpenTelemetry.Metrics;

namespace Mailroom.Metrics;

/// <summary>
/// Opt-in metrics: with <c>Mailroom:Metrics:Enabled=true</c> (for instance <c>Mailroom__Metrics__Enabled=true</c>),
/// OpenTelemetry collects <see cref="MailroomMetrics"/> and serves them in Prometheus text format on <c>/metrics</c>,
/// without sign-in (a scraper has none): put it behind the network's own access rules.
/// </summary>
internal static class MetricsSetup
{
    public const string EnabledKey = "Mailroom:Metrics:Enabled";

    public const string Path = "/metrics";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(EnabledKey);

    public static IServiceCollection AddMailroomMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        if (IsEnabled(configuration))
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(MailroomMetrics.MeterName).AddPrometheusExporter());
            services.AddHostedService<MetricsSampler>();
        }

        return services;
    }

    public static WebApplication MapMailroomMetrics(this WebApplication app)
    {
        if (IsEnabled(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint(Path).AllowAnonymous();
        }

        return app;
    }
}
