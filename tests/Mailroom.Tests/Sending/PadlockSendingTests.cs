using Mailroom.Core.Accounts;
using Mailroom.Core.Records;
using Mailroom.Core.Sending;
using Mailroom.Data.Accounts;
using Mailroom.Data.Outbox;
using Mailroom.Data.Records;
using Mailroom.Engine.Outbox;
using Mailroom.Engine.Sending;
using Mailroom.Testing;

namespace Mailroom.Tests.Sending;

/// <summary>
/// A reply through a global account honours each padlock on its own, on the real Postfix: the user's own SMTP server
/// when only the server-settings padlock is open (signing in with the account's credentials), the user's own
/// credentials when only the credentials padlock is open (on the account's server).
/// </summary>
public sealed class PadlockSendingTests
{
    private const string Agent = "agent@desk.test";

    [Fact]
    public async Task With_only_the_server_padlock_open_the_users_own_smtp_server_is_used_with_the_accounts_credentials()
    {
        await using var h = await SendingHarness.CreateAsync();
        var accounts = h.Get<AccountStore>();
        var account = await h.AddAccountAsync(smtpPort: SendingHarness.ClosedPort()); // the account's own SMTP server is down
        account = await accounts.UpdateAsync(account with { Padlocks = new Padlocks(ServerSettingsLocked: false, CredentialsLocked: true) }, "test", CancellationToken.None);
        var wrong = new Credentials(h.Desk.Address, new Secret("not-the-password"));
        await accounts.SavePersonalVersionAsync(new PersonalAccountVersion(account.Id, Agent, Credentials: wrong,
            Outgoing: new OutgoingServer(MailServer.Host, MailServer.SubmissionPort, SecurityMode.StartTls, UseIncomingCredentials: false, Credentials: wrong)),
            "test", CancellationToken.None);

        await SendAndExpectArrivalAsync(h, account, "Own server");
    }

    [Fact]
    public async Task With_only_the_credentials_padlock_open_the_users_own_credentials_are_used_on_the_accounts_server()
    {
        await using var h = await SendingHarness.CreateAsync();
        var accounts = h.Get<AccountStore>();
        var account = await h.AddAccountAsync();
        account = await accounts.UpdateAsync(account with
        {
            Credentials = new Credentials(h.Desk.Address, new Secret("not-the-password")), // the account's own sign-in fails
            Padlocks = new Padlocks(ServerSettingsLocked: true, CredentialsLocked: false),
        }, "test", CancellationToken.None);
        await accounts.SavePersonalVersionAsync(new PersonalAccountVersion(account.Id, Agent,
            Credentials: new Credentials(h.Desk.Address, new Secret(h.Desk.Password)),
            Outgoing: new OutgoingServer(MailServer.Host, SendingHarness.ClosedPort(), SecurityMode.StartTls)), // ignored: the server padlock is closed
            "test", CancellationToken.None);

        await SendAndExpectArrivalAsync(h, account, "Own credentials");
    }

    private static async Task SendAndExpectArrivalAsync(SendingHarness h, Account account, string subject)
    {
        var record = await h.Get<RecordStore>().CreateAsync(new NewRecord("Printer", h.Customer.Address), CancellationToken.None);
        var queued = await h.Get<RecordMailer>().QueueAsync(new OutgoingMailRequest
        {
            RecordId = record.Id,
            Account = account.Name,
            To = [h.Customer.Address],
            Subject = subject,
            TextBody = "We are on it.",
            SenderUser = Agent,
        }, CancellationToken.None);

        var run = await h.Get<OutboxProcessor>().RunOnceAsync(CancellationToken.None);

        var state = await h.Get<OutboxStore>().GetAsync(queued.OutboxId, CancellationToken.None);
        Assert.True(run == new OutboxRunResult(1, 0, 0), $"expected one sent, got {run}; the outbox says {state?.State}: {state?.LastError}");
        var arrived = await MailServer.WaitForMessagesAsync(h.Customer);
        Assert.Equal(queued.MessageId, Assert.Single(arrived).MessageId);
    }
}
