using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Data.Settings;
using Mailroom.Engine.Monitor;
using Mailroom.Mail;
using Mailroom.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// The monitor with its real filer over a fresh database (SQLite, or a new PostgreSQL database), reading from a
/// <see cref="FakeMailbox"/>: for feeding it hundreds of corpus files or deliberately broken bytes without a server.
/// Filing against the real Dovecot and Postfix is <see cref="FilingHarness"/>.
/// </summary>
internal sealed class MailboxFilingHarness : IAsyncDisposable
{
    private readonly string _directory;

    private MailboxFilingHarness(string directory, MailroomDatabase database, ServiceProvider services, Account account)
    {
        _directory = directory;
        Database = database;
        Services = services;
        Account = account;
    }

    public MailroomDatabase Database { get; }

    public ServiceProvider Services { get; }

    public Account Account { get; }

    public FakeMailbox Mailbox { get; } = new();

    public MonitorMessageStore Messages => Services.GetRequiredService<MonitorMessageStore>();

    public JournalStore Journal => Services.GetRequiredService<JournalStore>();

    public RecordStore Records => Services.GetRequiredService<RecordStore>();

    public static async Task<MailboxFilingHarness> CreateAsync(string kind = "sqlite", MonitorOptions? options = null)
    {
        var (directory, database) = await HarnessDatabase.OpenAsync(kind, "mbfiling");
        var harness = (MailboxFilingHarness?)null;
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(options ?? new MonitorOptions())
            .AddSingleton<IMailTransportFactory>(_ => new Factory(() => harness!.Mailbox))
            .AddMailroom(database)
            .BuildServiceProvider();
        await services.GetRequiredService<SettingsStore>().EnsureInitializedAsync(CancellationToken.None);
        await services.GetRequiredService<SettingsStore>().SaveAsync(new Core.Settings.InstallationSettings(FilingHarness.Prefix), "test", CancellationToken.None);
        var account = await services.GetRequiredService<AccountStore>().AddAsync(new Account
        {
            Name = "Desk",
            Type = AccountType.Imap,
            Incoming = new IncomingServer("mail.invalid", 993, SecurityMode.Ssl),
            Outgoing = new OutgoingServer("mail.invalid", 587, SecurityMode.StartTls),
            Credentials = new Credentials("desk@desk.test", new Secret("unused")),
            From = new FromSettings(false, false, ["desk@desk.test"], "desk@desk.test"),
        }, "test", CancellationToken.None);
        await services.GetRequiredService<MonitorStore>().SaveAsync(
            new MonitorSettings { AccountId = account.Id, Enabled = true, PostAction = "mark-read" }, CancellationToken.None);
        harness = new MailboxFilingHarness(directory, database, services, account);
        return harness;
    }

    public Task<MonitorCheckCounts> RunOnceAsync() => Services.GetRequiredService<MonitorRunner>().RunOnceAsync(Account, CancellationToken.None);

    /// <summary>Every ledger row of the account, oldest first.</summary>
    public async Task<List<ReceivedMessage>> LedgerAsync() =>
        [.. (await Messages.ListForAccountAsync(Account.Id, 100_000, CancellationToken.None)).OrderBy(m => m.Id)];

    /// <summary>The raw bytes the ledger kept for a message.</summary>
    public async Task<byte[]> RawAsync(ReceivedMessage message)
    {
        await using var stream = await Messages.OpenRawAsync(message, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
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

    private sealed class Factory(Func<FakeMailbox> mailbox) : IMailTransportFactory
    {
        public Task<IIncomingMailbox> OpenIncomingAsync(Account account, string? folder, CancellationToken cancellationToken) => Task.FromResult<IIncomingMailbox>(mailbox());

        public Task<IOutgoingTransport> OpenOutgoingAsync(Account account, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
