using System.CommandLine;
using Mailroom.Data;

namespace Mailroom.Commands;

/// <summary>
/// What a command's action works with: the parsed line, the output streams, and Mailroom's services over the opened,
/// migrated database. Created by <see cref="CommandRunner"/>, which also disposes it.
/// </summary>
internal sealed class CommandContext : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly MailroomDatabase _database;

    private CommandContext(ParseResult parseResult, MailroomDatabase database, ServiceProvider services)
    {
        ParseResult = parseResult;
        _database = database;
        _services = services;
    }

    public ParseResult ParseResult { get; }

    public TextWriter Out => ParseResult.InvocationConfiguration.Output;

    public TextWriter Error => ParseResult.InvocationConfiguration.Error;

    public IServiceProvider Services => _services;

    /// <summary>Who the audit log says made a change from the command line.</summary>
    public string Actor { get; } = $"cli:{Environment.UserName}";

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public T? GetValue<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? GetValue<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary>Whether the option was given on the line (an edit changes only what was given).</summary>
    public bool WasGiven(Option option) => ParseResult.GetResult(option) is { Implicit: false };

    public void WriteJson<T>(T value) => JsonOutput.Write(Out, value);

    /// <summary>A warning the user should see but that does not stop the command.</summary>
    public void Warn(string field, string message) => Error.WriteLine($"warning: {field}: {message}");

    /// <summary>
    /// Opens and migrates the database of the global options and builds the services over it. <paramref name="configure"/>
    /// registers a command's own services first (the defaults are added with TryAdd); it runs before the database is
    /// opened, so a configuration it refuses changes nothing.
    /// </summary>
    public static async Task<CommandContext> OpenAsync(ParseResult parseResult, Action<IServiceCollection>? configure, CancellationToken cancellationToken)
    {
        var collection = new ServiceCollection();
        configure?.Invoke(collection);
        var database = await MailroomDatabase.OpenAndMigrateAsync(GlobalOptions.ToDatabaseOptions(parseResult), cancellationToken);
        try
        {
            var services = collection.AddMailroom(database).BuildServiceProvider();
            var context = new CommandContext(parseResult, database, services);
            await context.Get<Data.Settings.SettingsStore>().EnsureInitializedAsync(cancellationToken);
            return context;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }
}
