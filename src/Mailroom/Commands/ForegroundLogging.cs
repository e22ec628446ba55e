namespace Mailroom.Commands;

/// <summary>
/// Logging for a command that runs engine work in the foreground (<c>monitor run</c> without <c>--once</c>): the same
/// console log <c>mailroom serve</c> writes (the <c>Logging</c> section of <c>appsettings.json</c> or
/// <c>Logging__…</c> in the environment, JSON lines with <c>Logging__Console__FormatterName=json</c>), on standard
/// error so standard output stays the command's own. Other commands log nothing: their output is their answer.
/// </summary>
internal static class ForegroundLogging
{
    public static IServiceCollection AddForegroundLogging(this IServiceCollection services, IConfiguration configuration) =>
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            // HttpClient logs every request at Information (Graph, token renewals): noise beside the monitor's events.
            logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        });
}
