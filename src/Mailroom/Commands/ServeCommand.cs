using System.CommandLine;
using Mailroom.Data;
using Mailroom.Data.Settings;
using Mailroom.Engine.Nodes;
using Mailroom.Users;
using Mailroom.Web;

namespace Mailroom.Commands;

/// <summary><c>mailroom serve</c>: the web pages, the HTTP API and the background workers.</summary>
internal static class ServeCommand
{
    public static Command Create(Func<ParseResult, DatabaseOptions> databaseOptions)
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen, e.g. http://0.0.0.0:8080; several separated by ';' (default {ServeSettings.DefaultUrls}).",
            DefaultValueFactory = _ => ServeSettings.DefaultUrls,
        };
        var nodeName = new Option<string?>("--node-name")
        {
            Description = "This node's name when several share one PostgreSQL database (default: the host name and process id).",
        };
        var command = new Command("serve", "Run the web pages, the HTTP API, the outbox and the monitors.") { urls, nodeName };
        command.SetAction(async (parseResult, ct) =>
        {
            var settings = new ServeSettings(databaseOptions(parseResult), parseResult.GetValue(urls)!, parseResult.GetValue(nodeName));
            await using var database = await MailroomDatabase.OpenAndMigrateAsync(settings.Database, ct);
            WebApplication app;
            try
            {
                app = MailroomWebHost.Build(settings, database);
            }
            catch (Core.Validation.ValidationException e)
            {
                // A refused configuration value (e.g. Mailroom:Monitor:GroupSize: must be between 1 and 1000).
                CommandRunner.WriteProblems(parseResult.InvocationConfiguration.Error, e.Problems);
                return ExitCodes.InvalidInput;
            }

            await using var host = app;
            StartupChecks.Report(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mailroom.Startup"), settings.Database);

            // Before any work starts: a second live process under this node name would share the first one's leases.
            if (await app.Services.GetRequiredService<NodeNameGuard>().ClaimAsync(ct) is { } holder)
            {
                var ago = Math.Max(0, (app.Services.GetRequiredService<TimeProvider>().GetUtcNow() - holder.HeartbeatAt).TotalSeconds);
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                    $"--node-name: another mailroom serve is running as node \"{holder.Name}\" (process instance {holder.Instance ?? "unknown"}, " +
                    $"last heartbeat {holder.HeartbeatAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {ago:0} s ago); stop it, or give this node another --node-name.");
                return ExitCodes.Conflict;
            }

            await app.Services.GetRequiredService<SettingsStore>().EnsureInitializedAsync(ct);
            await app.StartAsync(ct);
            Console.Out.WriteLine($"Mailroom is listening on {string.Join(", ", app.Urls)} (node {settings.EffectiveNodeName}).");
            if (await app.Services.GetRequiredService<FirstAdministratorSetup>().OfferAsync(app.Urls, ct) is { } setupLink)
            {
                // The first start: whoever reads this output creates the first administrator in the browser.
                Console.Out.WriteLine("No administrator yet. Open this one-time link to create the first one (valid until used or until serve stops):");
                Console.Out.WriteLine("    " + setupLink);
                Console.Out.WriteLine("or, from a script: mailroom users add ADDRESS --admin --password-stdin");
            }

            await app.WaitForShutdownAsync(ct);
            await app.StopAsync(CancellationToken.None);
            if (app.Services.GetRequiredService<NodeLeases>().NameTakenOver)
            {
                // Not a clean stop: another process runs under this name now (this one stalled past the node time to
                // live). A non-zero exit makes a supervisor restart it, and the restart is refused until an operator
                // gives it its own name or stops the other one.
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                    $"--node-name: another mailroom serve took over node \"{settings.EffectiveNodeName}\" while this one's heartbeat was stale; " +
                    "this one stopped. Give each node its own --node-name.");
                return ExitCodes.Conflict;
            }

            return ExitCodes.Done;
        });
        return command;
    }
}
