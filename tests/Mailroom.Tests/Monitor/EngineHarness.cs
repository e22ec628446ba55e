using Dapper;
using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Engine.Monitor;
using Mailroom.Mail;
using Mailroom.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// The engine's <see cref="MonitorRunner"/> on the <see cref="AppHarness"/>'s stores (a fresh SQLite database),
/// reading a <see cref="FakeMailbox"/> and filing through a <see cref="RecordingFiler"/>, so a test sees exactly
/// what was fetched, filed and completed.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly AppHarness _app;

    private EngineHarness(AppHarness app) => _app = app;

    public MailroomDatabase Database => _app.Database;

    public MonitorStore Monitors => _app.Get<MonitorStore>();

    public MonitorMessageStore Messages => _app.Get<MonitorMessageStore>();

    public FakeMailbox Mailbox { get; } = new();

    public MonitorOptions Options { get; } = new() { GroupSize = 4, FetchBatch = 10 };

    public Account Account { get; } = new() { Id = 1, Name = "Desk", Type = AccountType.Imap };

    public static async Task<EngineHarness> CreateAsync(string postAction = "mark-read")
    {
        var harness = new EngineHarness(await AppHarness.CreateAsync("sqlite", "engine"));
        await harness.Monitors.SaveAsync(new MonitorSettings { AccountId = 1, Enabled = true, PostAction = postAction }, default);
        await using var connection = await harness.Database.OpenAsync(default);
        await RecordingFiler.CreateTableAsync(connection);
        return harness;
    }

    public MonitorRunner Runner() => new(Monitors, Messages, new Factory(Mailbox), new RecordingFiler(), new SingleNodeLease(),
        MonitorFaults.None, Options, _app.Time, NullLogger<MonitorRunner>.Instance);

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

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private sealed class Factory(IIncomingMailbox mailbox) : IMailTransportFactory
    {
        public Task<IIncomingMailbox> OpenIncomingAsync(Account account, string? folder, CancellationToken cancellationToken) => Task.FromResult(mailbox);

        public Task<IOutgoingTransport> OpenOutgoingAsync(Account account, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
