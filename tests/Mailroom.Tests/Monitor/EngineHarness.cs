using Dapper;
using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Mailroom.Mail;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mailroom.Tests.Monitor;

/// <summary>The engine over a fresh SQLite database, a <see cref="FakeMailbox"/> and a <see cref="RecordingFiler"/>.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private EngineHarness(string dataDirectory, MailroomDatabase database)
    {
        DataDirectory = dataDirectory;
        Database = database;
        Monitors = new MonitorStore(database, TimeProvider.System);
        Messages = new MonitorMessageStore(database, new RawMessageSpool(dataDirectory, TimeProvider.System), TimeProvider.System);
    }

    public string DataDirectory { get; }

    public MailroomDatabase Database { get; }

    public MonitorStore Monitors { get; }

    public MonitorMessageStore Messages { get; }

    public FakeMailbox Mailbox { get; } = new();

    public MonitorOptions Options { get; } = new() { GroupSize = 4, FetchBatch = 10 };

    public Account Account { get; } = new() { Id = 1, Name = "Desk", Type = AccountType.Imap };

    public static async Task<EngineHarness> CreateAsync(string postAction = "mark-read")
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mailroom-engine-" + Guid.NewGuid().ToString("N")[..12]);
        var database = await MailroomDatabase.OpenAndMigrateAsync(new DatabaseOptions(dataDirectory), default);
        var harness = new EngineHarness(dataDirectory, database);
        await harness.Monitors.SaveAsync(new MonitorSettings { AccountId = 1, Enabled = true, PostAction = postAction }, default);
        await using var connection = await database.OpenAsync(default);
        await RecordingFiler.CreateTableAsync(connection);
        return harness;
    }

    public MonitorRunner Runner() => new(Monitors, Messages, new Factory(Mailbox), new RecordingFiler(), new SingleNodeLease(),
        MonitorFaults.None, Options, TimeProvider.System, NullLogger<MonitorRunner>.Instance);

    public Task<MonitorCheckCounts> RunOnceAsync() => Runner().RunOnceAsync(Account, default);

    /// <summary>How many times each subject was really filed (rows the filer wrote that were committed).</summary>
    public async Task<Dictionary<string, int>> FilingsBySubjectAsync()
    {
        await using var connection = await Database.OpenAsync(default);
        var rows = await connection.QueryAsync<(string Subject, long Count)>(
            $"SELECT subject, COUNT(*) FROM {RecordingFiler.Table} GROUP BY subject");
        return rows.ToDictionary(r => r.Subject, r => (int)r.Count);
    }

    public async Task<List<ReceivedMessage>> LedgerAsync() => [.. await Messages.ListForAccountAsync(1, 100_000, default)];

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private sealed class Factory(IIncomingMailbox mailbox) : IMailTransportFactory
    {
        public Task<IIncomingMailbox> OpenIncomingAsync(Account account, string? folder, CancellationToken cancellationToken) => Task.FromResult(mailbox);

        public Task<IOutgoingTransport> OpenOutgoingAsync(Account account, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
