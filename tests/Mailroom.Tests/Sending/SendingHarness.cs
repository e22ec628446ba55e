using System.Net;
using System.Net.Sockets;
using Mailroom.Core.Accounts;
using Mailroom.Data;
using Mailroom.Data.Accounts;
using Mailroom.Testing;
using Mailroom.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.Sending;

/// <summary>
/// The <see cref="AppHarness"/> (Mailroom's services over a fresh SQLite or PostgreSQL database) with the real
/// transports, and a desk user and a customer on the shared Postfix and Dovecot.
/// </summary>
internal sealed class SendingHarness : IAsyncDisposable
{
    private readonly AppHarness _app;

    private SendingHarness(AppHarness app, MailUser desk, MailUser customer)
    {
        _app = app;
        Desk = desk;
        Customer = customer;
    }

    public MailroomDatabase Database => _app.Database;

    public ServiceProvider Services => _app.Services;

    public MailUser Desk { get; }

    public MailUser Customer { get; }

    public T Get<T>()
        where T : notnull => _app.Get<T>();

    public static async Task<SendingHarness> CreateAsync(string kind = "sqlite")
    {
        await MailServer.EnsureStartedAsync();
        var app = await AppHarness.CreateAsync(kind, "sending");
        var desk = await MailServer.CreateUserAsync("desk");
        var customer = await MailServer.CreateUserAsync("cust");
        return new SendingHarness(app, desk, customer);
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

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
