using Mailroom.Core.Accounts;
using Mailroom.Core.Records;
using Mailroom.Core.Sending;
using Mailroom.Data;
using Mailroom.Data.Monitor;
using Mailroom.Data.Outbox;
using Mailroom.Data.Records;
using Mailroom.Engine.Monitor;
using Mailroom.Engine.OAuth;
using Mailroom.Engine.Outbox;
using Mailroom.Engine.Sending;
using Mailroom.Testing;
using Mailroom.Testing.OAuth;
using Mailroom.Tests.Monitor;
using Microsoft.Extensions.DependencyInjection;

namespace Mailroom.Tests.OAuth;

/// <summary>
/// The monitor and the outbox of an account that signs in with OAuth 2.0, against the real Dovecot and Postfix
/// validating the local authorization server's tokens: IDLE across token expiries and a kicked session, a refresh
/// token revoked in the middle of a run (mail waits, sign-in needed shown), and everything moving again, once, after
/// a new sign-in.
/// </summary>
public sealed class OAuthMonitorTests
{
    [Fact]
    public async Task Idle_outlives_tokens_of_seconds_and_a_kicked_session_and_files_what_arrives_after_each()
    {
        await using var identity = await OAuthTestServer.StartForMailServerAsync();
        var client = identity.AddClient();
        var desk = await MailServer.CreateUserAsync("oauthidle");
        await using var node = await OAuthNode.OpenAsync(new DatabaseOptions(Directory.CreateTempSubdirectory("mailroom-oauth-idle-").FullName));
        var account = await node.AddAccountAsync(identity, client, desk.Address);
        identity.AccessTokenLifetime = TimeSpan.FromSeconds(5);
        await node.SignInByDeviceCodeAsync(identity, account, desk.Address);
        await node.Get<MonitorStore>().SaveAsync(new MonitorSettings { AccountId = account.Id, Enabled = true, IntervalSeconds = 300 }, CancellationToken.None);
        var worker = node.Get<MonitorWorker>();
        worker.OnlyAccountId = account.Id;
        await worker.StartAsync(CancellationToken.None);
        try
        {
            // The IDLE would last 5 minutes; each 5-second token ends it early and the connection is made again.
            await WaitFor.ConditionAsync(() => Task.FromResult(identity.Issued(OAuthTestGrant.RefreshToken) >= 3), TimeSpan.FromMinutes(2),
                "the monitor's IDLE connection being made again with a renewed token three times");
            await MailServer.DeliverAsync(desk.Address, FilingHarness.Mail("customer@mailroom.test", desk.Address, "After three expiries", "Filed?"));
            await WaitForRecordAsync(node, "After three expiries");

            // The server ends the session mid-IDLE (Exchange does so with BYE ... AccessTokenExpired): the monitor signs in again.
            await DoveadmKickAsync(desk.Address);
            await MailServer.DeliverAsync(desk.Address, FilingHarness.Mail("customer@mailroom.test", desk.Address, "After the kick", "Filed?"));
            await WaitForRecordAsync(node, "After the kick");

            var monitor = await node.Get<MonitorStore>().FindByAccountAsync(account.Id, CancellationToken.None);
            Assert.Null(monitor!.LastError);
            Assert.Equal(identity.Issued(OAuthTestGrant.RefreshToken), identity.Requests(OAuthTestGrant.RefreshToken));
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_refresh_token_revoked_mid_run_holds_mail_and_outbox_as_sign_in_needed_and_a_new_sign_in_moves_everything_once()
    {
        await using var identity = await OAuthTestServer.StartForMailServerAsync();
        var client = identity.AddClient();
        var desk = await MailServer.CreateUserAsync("oauthrevoke");
        var customer = await MailServer.CreateUserAsync("oauthcustomer");
        var outboxOptions = new OutboxOptions { PollInterval = TimeSpan.FromMilliseconds(500) };
        await using var node = await OAuthNode.OpenAsync(
            new DatabaseOptions(Directory.CreateTempSubdirectory("mailroom-oauth-revoke-").FullName), s => s.AddSingleton(outboxOptions));
        var account = await node.AddAccountAsync(identity, client, desk.Address);
        identity.AccessTokenLifetime = TimeSpan.FromSeconds(5);
        await node.SignInByDeviceCodeAsync(identity, account, desk.Address);
        await node.Get<MonitorStore>().SaveAsync(new MonitorSettings { AccountId = account.Id, Enabled = true, IntervalSeconds = 300 }, CancellationToken.None);
        var worker = node.Get<MonitorWorker>();
        worker.OnlyAccountId = account.Id;
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await MailServer.DeliverAsync(desk.Address, FilingHarness.Mail(customer.Address, desk.Address, "Before the revocation", "One."));
            var record = await WaitForRecordAsync(node, "Before the revocation");

            // The user's sessions are revoked at the provider (a password change, an administrator): the next renewal is refused.
            // (Mail is delivered only once the monitor shows it: until its next reconnect the open IMAP session still
            // works, Dovecot checking tokens only at login, and mail filed by it is rightly filed.)
            Assert.True(identity.RevokeRefreshTokens(desk.Address) > 0);
            await WaitFor.ConditionAsync(async () => (await node.Get<MonitorStore>().FindByAccountAsync(account.Id, CancellationToken.None))!.LastError?.StartsWith("Sign-in needed", StringComparison.Ordinal) == true,
                TimeSpan.FromMinutes(1), "the monitor showing sign-in needed after the refresh token was revoked");
            await MailServer.DeliverAsync(desk.Address, FilingHarness.Mail(customer.Address, desk.Address, "While signed out", "Two."));
            await MailServer.WaitForMessagesAsync(desk, 2);
            var status = await SignInStatus.ForAsync(node.Tokens, account, CancellationToken.None);
            Assert.True(status!.NeedsSignIn);
            Assert.Contains("AADSTS50173", status.Reason, StringComparison.Ordinal);

            // The outbox keeps a reply queued, untried, while nobody can sign in.
            var queued = await node.Get<RecordMailer>().QueueAsync(new OutgoingMailRequest
            {
                RecordId = record.Id,
                Account = account.Name,
                To = [customer.Address],
                Subject = "Reply that waited",
                TextBody = "Sent after the new sign-in.",
            }, CancellationToken.None);
            var before = (await node.Get<OutboxStore>().GetAsync(queued.OutboxId, CancellationToken.None))!;
            var run = await node.Get<OutboxProcessor>().RunOnceAsync(CancellationToken.None);
            var held = (await node.Get<OutboxStore>().GetAsync(queued.OutboxId, CancellationToken.None))!;
            Assert.Equal(0, run.Failed);
            Assert.Equal(OutboxState.Waiting, held.State);
            Assert.Equal(0, held.Attempts);
            Assert.StartsWith("Sign-in needed", held.LastError, StringComparison.Ordinal);
            Assert.True(held.GiveUpAt > before.GiveUpAt, "the wait for a sign-in counted toward the end of the retry period");
            Assert.Empty((await new RecordStore(node.Database, TimeProvider.System).ListAsync(new RecordQuery(Search: "While signed out"), CancellationToken.None)).Records);

            identity.AccessTokenLifetime = TimeSpan.FromHours(1);
            await node.SignInByDeviceCodeAsync(identity, account, desk.Address);

            // Both resume by themselves: the monitor within its sign-in wait, the outbox at its next poll.
            await WaitForRecordAsync(node, "While signed out");
            using var outbox = new OutboxWorker(node.Get<OutboxProcessor>(), outboxOptions, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxWorker>.Instance);
            await outbox.StartAsync(CancellationToken.None);
            var arrived = await MailServer.WaitForMessagesAsync(customer);
            await outbox.StopAsync(CancellationToken.None);
            Assert.Equal(queued.MessageId, Assert.Single(arrived).MessageId);
            Assert.Single((await new RecordStore(node.Database, TimeProvider.System).ListAsync(new RecordQuery(Search: "Before the revocation"), CancellationToken.None)).Records);
            Assert.Single((await new RecordStore(node.Database, TimeProvider.System).ListAsync(new RecordQuery(Search: "While signed out"), CancellationToken.None)).Records);
            var ledger = await node.Get<MonitorMessageStore>().ListForAccountAsync(account.Id, 100, CancellationToken.None);
            Assert.Equal(2, ledger.Count);
            Assert.False((await SignInStatus.ForAsync(node.Tokens, account, CancellationToken.None))!.NeedsSignIn);
            await WaitFor.ConditionAsync(async () => (await node.Get<MonitorStore>().FindByAccountAsync(account.Id, CancellationToken.None))!.LastError is null,
                TimeSpan.FromSeconds(30), "the monitor's sign-in-needed error clearing after a good check");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<Core.Records.Record> WaitForRecordAsync(OAuthNode node, string subject)
    {
        var records = new RecordStore(node.Database, TimeProvider.System);
        Core.Records.Record? found = null;
        try
        {
            await WaitFor.ConditionAsync(async () =>
            {
                found = (await records.ListAsync(new RecordQuery(Search: subject), CancellationToken.None)).Records.FirstOrDefault();
                return found is not null;
            }, TimeSpan.FromMinutes(2), $"the monitor opening a record for \"{subject}\"");
        }
        catch (TimeoutException e)
        {
            // Say what the monitor saw, so a failure names its cause.
            var monitors = await node.Get<MonitorStore>().ListAsync(CancellationToken.None);
            var ledger = monitors.Count == 0 ? [] : await node.Get<MonitorMessageStore>().ListForAccountAsync(monitors[0].AccountId, 100, CancellationToken.None);
            throw new TimeoutException($"{e.Message} Monitor last error: {monitors.FirstOrDefault()?.LastError ?? "(none)"}; ledger: {string.Join(", ", ledger.Select(m => $"{m.State} {m.Outcome} {m.Reason}"))}", e);
        }

        return found!;
    }

    private static async Task DoveadmKickAsync(string user)
    {
        var state = Environment.GetEnvironmentVariable("MAILROOM_STATE") is { Length: > 0 } dir ? dir : "/var/lib/mailroom-test";
        using var kick = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("doveadm", ["-c", Path.Combine(state, "mail-server", "dovecot", "dovecot.conf"), "kick", user])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        await kick.WaitForExitAsync();
        Assert.True(kick.ExitCode == 0, $"doveadm kick {user} failed: {await kick.StandardError.ReadToEndAsync()}");
    }
}
