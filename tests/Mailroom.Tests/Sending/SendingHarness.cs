using System.Net;
using System.Net.Sockets;
using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Data.Accounts;
using Mailroom.Data.Settings;
using Mailroom.Testing;
using Mailroom.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Sending;

/// <summary>
/// Mailroom's services over a fresh database (SQLite in a temp directory, or a new PostgreSQL database), with the
/// real transports, and a desk user and a customer on the shared Postfix and Dovecot.
/// </summary>
internal sealed class SendingHarness : IAsyncDisposable
{
    private readonly string _directory;

    private SendingHarness(string directory, MailroomDatabase database, ServiceProvider services, MailUser desk, MailUser customer)
    {
        _directory = directory;
        Database = database;
        Services = services;
        Desk = desk;
        Customer = customer;
    }

    public MailroomDatabase Database { get; }

    public ServiceProvider Services { get; }

    public MailUser Desk { get; }

    public MailUser Customer { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public static async Task<SendingHarness> CreateAsync(string kind = "sqlite")
    {
        await MailServer.EnsureStartedAsync();
        var (directory, database) = await HarnessDatabase.OpenAsync(kind, "sending");
        var services = new ServiceCollection().AddLogging().AddMailroom(database).BuildServiceProvider();
        await services.GetRequiredService<SettingsStore>().EnsureInitializedAsync(CancellationToken.None);
        var desk = await MailServer.CreateUserAsync("desk");
        var customer = await MailServer.CreateUserAsync("cust");
        return new SendingHarness(directory, database, services, desk, customer);
    }

    /// <summary>An IMAP account for the desk user; SMTP on <paramref name="smtpPort"/> (default: submission 587).</summary>
    public Task<Account> AddAccountAsync(ConversationIdPlacement placement = ConversationIdPlacement.Subject, int smtpPort = MailServer.SubmissionPort, bool availableToUsers = true) =>
        Get<AccountStore>().AddAsync(
            DeskAccounts.For(Desk, AccountType.Imap, smtpPort, placement, availableToUsers), "test", CancellationToken.None);

    /// <summary>A loopback port with nothing listening: bound, read, released.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the system's temp cleaning.
        }
    }
}
