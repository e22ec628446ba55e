namespace Mailroom.Commands;

/// <summary>
/// The configuration a command reads, from the same places <c>mailroom serve</c> reads its own: <c>appsettings.json</c>
/// and <c>appsettings.{Environment}.json</c> beside the program, then the environment (<c>Mailroom__Monitor__…</c>),
/// which wins. Only commands that run engine work (<c>monitor run</c>) ask for it.
/// </summary>
internal static class CommandConfiguration
{
    public static IConfiguration Load()
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }
}
