using Mailroom.Core.Accounts;
using Mailroom.Core.Records;
using Mailroom.Core.Sending;
using Mailroom.Data;
using Mailroom.Data.Accounts;
using Mailroom.Data.Monitor;
using Mailroom.Data.Records;
using Mailroom.Engine.Monitor;
using Mailroom.Engine.Outbox;
using Mailroom.Engine.Sending;
using Mailroom.Testing;
using Mailroom.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Mailroom.Tests.Monitor;

/// <summary>
/// The monitor in process with its real filer and transports, on the <see cref="AppHarness"/> (a fresh SQLite or
/// PostgreSQL database), watching a desk mailbox on the shared Dovecot; a customer mailbox beside it to send from and to.
/// </summary>
internal sealed class FilingHarness : IAsyncDisposable
{
    public const string Prefix = "FILE";

    private readonly AppHarness _app;

    private FilingHarness(AppHarness app, MailUser desk, MailUser customer, Account account)
    {
        _app = app;
        Desk = desk;
        Customer = customer;
        Account = account;
    }

    public MailroomDatabase Database => _app.Database;

    public ServiceProvider Services => _app.Services;

    public MailUser Desk { get; }

    public MailUser Customer { get; }

    public Account Account { get; }

    public RecordStore Records => Get<RecordStore>();

    public JournalStore Journal => Get<JournalStore>();

    public MonitorStore Monitors => Get<MonitorStore>();

    public T Get<T>()
        where T : notnull => _app.Get<T>();

    /// <param name="kind">sqlite or postgres.</param>
    /// <param name="type">The desk account's type: IMAP or POP3.</param>
    /// <param name="postAction">The monitor's post-action.</param>
    /// <param name="options">The monitor's limits (default: as configured by default).</param>
    public static async Task<FilingHarness> CreateAsync(string kind = "sqlite", AccountType type = AccountType.Imap, string postAction = "mark-read", MonitorOptions? options = null)
    {
        await MailServer.EnsureStartedAsync();
        var app = await AppHarness.CreateAsync(kind, "filing", services =>
        {
            if (options is not null)
            {
                services.AddSingleton(options);
            }
        }, conversationPrefix: Prefix);
        var users = await Task.WhenAll(MailServer.CreateUserAsync("desk"), MailServer.CreateUserAsync("cust"));
        var (desk, customer) = (users[0], users[1]);
        var account = await app.Get<AccountStore>().AddAsync(DeskAccounts.For(desk, type), "test", CancellationToken.None);
        await app.Get<MonitorStore>().SaveAsync(
            new MonitorSettings { AccountId = account.Id, Enabled = true, PostAction = postAction }, CancellationToken.None);
        return new FilingHarness(app, desk, customer, account);
    }

    /// <summary>The desk's monitor as stored.</summary>
    public async Task<MonitorSettings> MonitorAsync() =>
        (await Monitors.FindByAccountAsync(Account.Id, CancellationToken.None))!;

    /// <summary>Handles everything waiting in the desk's mailbox once, as <c>mailroom monitor run --once</c> does.</summary>
    public Task<MonitorCheckCounts> RunOnceAsync() => Get<MonitorRunner>().RunOnceAsync(Account, CancellationToken.None);

    /// <summary>
    /// Sends a message from <paramref name="recordId"/> to the customer through the real outbox and Postfix, and
    /// returns it as it arrived in the customer's mailbox (the <paramref name="expectedInCustomerMailbox"/>th message).
    /// </summary>
    public async Task<MimeMessage> SendFromRecordAsync(long recordId, string subject, ConversationIdPlacement placement = ConversationIdPlacement.Subject, int expectedInCustomerMailbox = 1)
    {
        if (placement != Account.ConversationId)
        {
            var stored = await Get<AccountStore>().GetAsync(Account.Name, CancellationToken.None);
            await Get<AccountStore>().UpdateAsync(stored with { ConversationId = placement }, "test", CancellationToken.None);
        }

        var queued = await Get<RecordMailer>().QueueAsync(new OutgoingMailRequest
        {
            RecordId = recordId,
            Account = Account.Name,
            To = [Customer.Address],
            Subject = subject,
            TextBody = "We are looking into it.\nThe desk",
        }, CancellationToken.None);
        var run = await Get<OutboxProcessor>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, run.Sent);
        var arrived = await MailServer.WaitForMessagesAsync(Customer, expectedInCustomerMailbox);
        var message = arrived.Single(m => m.MessageId == queued.MessageId);
        return message;
    }

    /// <summary>A message from the customer to the desk (a new Message-ID on the test domain).</summary>
    public MimeMessage FromCustomer(string subject, string body) => Mail(Customer.Address, Desk.Address, subject, body);

    /// <summary>Delivers messages to the desk one at a time, each waited for, so the mailbox holds them in this order.</summary>
    public async Task DeliverToDeskAsync(params MimeMessage[] messages)
    {
        var already = (await MailServer.ReadMailboxAsync(Desk)).Count;
        foreach (var message in messages)
        {
            await MailServer.DeliverAsync(Desk.Address, message);
            await MailServer.WaitForMessagesAsync(Desk, ++already);
        }
    }

    /// <summary>Every record of the customer, oldest first.</summary>
    public async Task<IReadOnlyList<Core.Records.Record>> RecordsOfAsync(string address)
    {
        var page = await Records.ListAsync(new RecordQuery(Search: address, Limit: 1000), CancellationToken.None);
        return page.Records.Where(r => string.Equals(r.Requester?.Address, address, StringComparison.OrdinalIgnoreCase)).OrderBy(r => r.Id).ToList();
    }

    /// <summary>The incoming Mail History of a record, oldest first.</summary>
    public async Task<IReadOnlyList<JournalEntry>> IncomingOnAsync(long recordId) =>
        (await Journal.ListForRecordAsync(recordId, CancellationToken.None)).Where(e => e.Mail?.Direction == MailDirection.Incoming).ToList();

    /// <summary>The ledger rows of the desk account, newest first.</summary>
    public Task<IReadOnlyList<ReceivedMessage>> LedgerAsync() => Get<MonitorMessageStore>().ListForAccountAsync(Account.Id, 1000, CancellationToken.None);

    public static MimeMessage Mail(string from, string to, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(MailServer.DefaultDomain);
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
