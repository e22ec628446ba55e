using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Engine.Monitor;
using Mailroom.Mail;
using Mailroom.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// The monitor with its real filer on the <see cref="AppHarness"/> (a fresh SQLite or PostgreSQL database), reading
/// from a <see cref="FakeMailbox"/>: for feeding it hundreds of corpus files or deliberately broken bytes without a
/// server. Filing against the real Dovecot and Postfix is <see cref="FilingHarness"/>.
/// </summary>
internal sealed class MailboxFilingHarness : IAsyncDisposable
{
    private readonly AppHarness _app;

    private MailboxFilingHarness(AppHarness app, FakeMailbox mailbox, Account account)
    {
        _app = app;
        Mailbox = mailbox;
        Account = account;
    }

    public MailroomDatabase Database => _app.Database;

    public ServiceProvider Services => _app.Services;

    public Account Account { get; }

    public FakeMailbox Mailbox { get; }

    public MonitorMessageStore Messages => _app.Get<MonitorMessageStore>();

    public JournalStore Journal => _app.Get<JournalStore>();

    public RecordStore Records => _app.Get<RecordStore>();

    public static async Task<MailboxFilingHarness> CreateAsync(string kind = "sqlite", MonitorOptions? options = null)
    {
        var mailbox = new FakeMailbox();
        var app = await AppHarness.CreateAsync(kind, "mbfiling", services => services
            .AddSingleton(options ?? new MonitorOptions())
            .AddSingleton<IMailTransportFactory>(new Factory(mailbox)), conversationPrefix: FilingHarness.Prefix);
        var account = await app.Get<AccountStore>().AddAsync(new Account
        {
            Name = "Desk",
            Type = AccountType.Imap,
            Incoming = new IncomingServer("mail.invalid", 993, SecurityMode.Ssl),
            Outgoing = new OutgoingServer("mail.invalid", 587, SecurityMode.StartTls),
            Credentials = new Credentials("desk@desk.test", new Secret("unused")),
            From = new FromSettings(false, false, ["desk@desk.test"], "desk@desk.test"),
        }, "test", CancellationToken.None);
        await app.Get<MonitorStore>().SaveAsync(
            new MonitorSettings { AccountId = account.Id, Enabled = true, PostAction = "mark-read" }, CancellationToken.None);
        return new MailboxFilingHarness(app, mailbox, account);
    }

    public Task<MonitorCheckCounts> RunOnceAsync() => _app.Get<MonitorRunner>().RunOnceAsync(Account, CancellationToken.None);

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

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private sealed class Factory(FakeMailbox mailbox) : IMailTransportFactory
    {
        public Task<IIncomingMailbox> OpenIncomingAsync(Account account, string? folder, CancellationToken cancellationToken) => Task.FromResult<IIncomingMailbox>(mailbox);

        public Task<IOutgoingTransport> OpenOutgoingAsync(Account account, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
