using Mailroom.Core.Settings;
using Mailroom.Data;
using Mailroom.Data.Settings;
using Mailroom.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Support;

/// <summary>
/// Mailroom's services as every command and <c>serve</c> compose them (<c>AddMailroom</c>), in process, over a fresh
/// database: SQLite in a new temp directory, or a new PostgreSQL database. The one wiring the app harnesses share
/// (filing, sending, the engine on a fake mailbox, the outbox claim keeper): the data directory and database, the
/// services and their one <see cref="TimeProvider"/>, the installation settings, and the clean-up. Each harness on top
/// adds only what its tests are about.
/// </summary>
internal sealed class AppHarness : IAsyncDisposable
{
    private readonly Action<IServiceCollection>? _configure;
    private readonly bool _ownsDataDirectory;

    private AppHarness(MailroomDatabase database, Action<IServiceCollection>? configure, bool ownsDataDirectory)
    {
        Database = database;
        _configure = configure;
        _ownsDataDirectory = ownsDataDirectory;
        Services = Build();
    }

    public string DataDirectory => Database.Options.DataDirectory;

    public MailroomDatabase Database { get; }

    public ServiceProvider Services { get; private set; }

    /// <summary>The installation's clock: the database's, which the services register as their one TimeProvider.</summary>
    public TimeProvider Time => Database.Options.TimeProvider;

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <param name="kind">sqlite or postgres.</param>
    /// <param name="label">Names the temp directory and the PostgreSQL database, so a leftover says whose it was.</param>
    /// <param name="configure">
    /// The harness's own services (a fake transport factory, monitor limits), registered before Mailroom's, which are
    /// added with TryAdd where a test may replace them.
    /// </param>
    /// <param name="time">The installation's clock (default the system's); a fake one moves every store's clock.</param>
    /// <param name="conversationPrefix">The installation's Conversation ID prefix (default the one generated at first start).</param>
    public static async Task<AppHarness> CreateAsync(
        string kind, string label, Action<IServiceCollection>? configure = null, TimeProvider? time = null, string? conversationPrefix = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"mailroom-{label}-" + Guid.NewGuid().ToString("N")[..12]);
        var options = kind switch
        {
            "sqlite" => new DatabaseOptions(directory),
            "postgres" => new DatabaseOptions(directory, await TestPostgres.CreateDatabaseAsync(label)),
            _ => throw new ArgumentException($"kind: '{kind}' is neither sqlite nor postgres.", nameof(kind)),
        };
        return await StartAsync(options with { TimeProvider = time ?? TimeProvider.System }, configure, ownsDataDirectory: true, conversationPrefix);
    }

    /// <summary>
    /// The services over the database <paramref name="options"/> name, which the caller made and cleans up: open two on
    /// one PostgreSQL database to play two nodes.
    /// </summary>
    public static Task<AppHarness> OpenAsync(DatabaseOptions options, Action<IServiceCollection>? configure = null) =>
        StartAsync(options, configure, ownsDataDirectory: false, conversationPrefix: null);

    private static async Task<AppHarness> StartAsync(DatabaseOptions options, Action<IServiceCollection>? configure, bool ownsDataDirectory, string? conversationPrefix)
    {
        var database = await MailroomDatabase.OpenAndMigrateAsync(options, CancellationToken.None);
        var harness = new AppHarness(database, configure, ownsDataDirectory);
        try
        {
            // The Conversation ID prefix and the rest of the installation settings, as serve's first start makes them.
            await harness.Get<SettingsStore>().EnsureInitializedAsync(CancellationToken.None);
            if (conversationPrefix is not null)
            {
                await harness.Get<SettingsStore>().SaveAsync(new InstallationSettings(conversationPrefix), "test", CancellationToken.None);
            }

            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>New services over the same database and data directory, as a restarted process builds them; the old ones are disposed.</summary>
    public async Task RestartServicesAsync()
    {
        await Services.DisposeAsync();
        Services = Build();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Never written to (PostgreSQL, nothing spooled), or a file still held for a moment: left to the
            // system's temp cleaning.
        }
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection().AddLogging();
        _configure?.Invoke(services);
        return services.AddMailroom(Database).BuildServiceProvider();
    }
}
