using Mailroom.Data.Accounts;
using Mailroom.Data.Audit;
using Mailroom.Data.OAuth;
using Mailroom.Data.Secrets;
using Mailroom.Data.Settings;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Data.Tests.Support;

/// <summary>
/// An opened, migrated database with Mailroom's data services over it, composed exactly as the app composes them
/// (<see cref="MailroomDataServices.AddMailroomData"/>). Open a second harness on the same options to play a
/// second node or a restart.
/// </summary>
internal sealed class StoreHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private StoreHarness(MailroomDatabase database, ServiceProvider services)
    {
        Database = database;
        _services = services;
    }

    public MailroomDatabase Database { get; }

    public AccountStore Accounts => _services.GetRequiredService<AccountStore>();

    public SettingsStore Settings => _services.GetRequiredService<SettingsStore>();

    public AuditLog Audit => _services.GetRequiredService<AuditLog>();

    public OAuthTokenStore OAuthTokens => _services.GetRequiredService<OAuthTokenStore>();

    public SecretProtector Protector => _services.GetRequiredService<SecretProtector>();

    public static async Task<StoreHarness> OpenAsync(DatabaseOptions options)
    {
        var database = await MailroomDatabase.OpenAndMigrateAsync(options, CancellationToken.None);
        var services = new ServiceCollection().AddMailroomData(database).BuildServiceProvider();
        return new StoreHarness(database, services);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();

        // Pooled SQLite connections keep the file open (and the WAL unmerged); close them so the files are final.
        SqliteConnection.ClearAllPools();
    }
}
