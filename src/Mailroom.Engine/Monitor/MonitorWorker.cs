using Mailroom.Data.Monitor;
using Mailroom.Mail;
using Mailroom.Mail.OAuth;

namespace Mailroom.Engine.Monitor;

/// <summary>
/// Runs every enabled monitor inside <c>mailroom serve</c>: one loop per account that keeps a connection open,
/// handles what is waiting, then waits for new mail (IMAP IDLE, else the polling interval). A failed connection is
/// dropped and opened again with growing back-off; each check's outcome and last error are stored for the pages.
/// </summary>
internal sealed class MonitorWorker(
    MonitorStore monitors,
    IMonitorAccounts accounts,
    IMailTransportFactory transports,
    MonitorRunner runner,
    IMonitorLease lease,
    TimeProvider time,
    ILogger<MonitorWorker> logger) : BackgroundService
{
    /// <summary>How often the list of monitors is read again to start new ones and stop paused ones.</summary>
    private static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>How often a loop whose account this node does not hold asks again (a lease moves within seconds).</summary>
    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(3);

    /// <summary>How often a monitor whose account needs a sign-in looks whether someone signed in.</summary>
    internal static readonly TimeSpan SignInWait = TimeSpan.FromSeconds(5);

    private readonly Dictionary<long, (Task Loop, CancellationTokenSource Stop)> _loops = [];

    /// <summary>Run only this account's monitor (<c>mailroom monitor run --account</c>); null: every enabled one.</summary>
    public long? OnlyAccountId { get; set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var enabled = (await monitors.ListAsync(stoppingToken)).Where(m => m.Enabled && (OnlyAccountId is null || m.AccountId == OnlyAccountId)).Select(m => m.AccountId).ToHashSet();
                    foreach (var (accountId, loop) in _loops.Where(l => l.Value.Loop.IsCompleted || !enabled.Contains(l.Key)).ToList())
                    {
                        await loop.Stop.CancelAsync();
                        await loop.Loop;
                        loop.Stop.Dispose();
                        _loops.Remove(accountId);
                    }

                    foreach (var accountId in enabled.Where(id => !_loops.ContainsKey(id)))
                    {
                        var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        _loops[accountId] = (Task.Run(() => RunAccountAsync(accountId, stop.Token), CancellationToken.None), stop);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database was unreachable for a moment: the running loops carry on, the list is read again.
                    Log.ListFailed(logger, ex, RescanInterval.TotalSeconds);
                }

                await Task.Delay(RescanInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var loop in _loops.Values)
            {
                await loop.Stop.CancelAsync();
                await loop.Loop;
                loop.Stop.Dispose();
            }

            _loops.Clear();
        }
    }

    /// <summary>One account's loop; returns when the monitor is paused or removed, or the service stops.</summary>
    private async Task RunAccountAsync(long accountId, CancellationToken stop)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var signInNeeded = false;
        while (!stop.IsCancellationRequested)
        {
            var leaseToken = CancellationToken.None;
            try
            {
                // The lease first: it is in memory, while every node runs a loop for every monitor, so asking the
                // database first would cost a query per account not held, per node, every few seconds.
                if (!await lease.MayWorkAsync(accountId, stop))
                {
                    await Task.Delay(LeaseWait, time, stop);
                    continue;
                }

                var settings = await monitors.FindByAccountAsync(accountId, stop);
                if (settings is not { Enabled: true })
                {
                    return;
                }

                // Everything below runs under the lease: losing it cancels the work at once (fencing then refuses any
                // commit already past that point), rather than after the next wait for new mail.
                leaseToken = lease.WorkToken(accountId);
                using var work = CancellationTokenSource.CreateLinkedTokenSource(stop, leaseToken);
                var account = await accounts.FindAsync(accountId, work.Token);
                if (account is null)
                {
                    return; // The account was deleted; its monitor goes with it.
                }

                await using var mailbox = await transports.OpenIncomingAsync(account, settings.Folder, work.Token);
                using var connected = new Metrics.ConnectionGauge(account.Name);
                signInNeeded = false;
                Log.Started(logger, accountId, settings.Folder);
                while (!work.IsCancellationRequested)
                {
                    var counts = await runner.RunOnceAsync(account, settings, mailbox, work.Token);
                    await monitors.RecordCheckAsync(accountId, counts, null, work.Token);
                    Metrics.MailroomMetrics.RecordCheck(account.Name, counts);
                    if (counts != MonitorCheckCounts.Zero)
                    {
                        Log.Checked(logger, accountId, counts.Fetched, counts.FiledExisting, counts.NewRecords, counts.Skipped, counts.NotHandled);
                    }

                    backoff = TimeSpan.FromSeconds(1);
                    await mailbox.WaitForNewMailAsync(TimeSpan.FromSeconds(settings.IntervalSeconds), work.Token);
                    var latest = await monitors.FindByAccountAsync(accountId, work.Token);
                    if (latest is not { Enabled: true } || !string.Equals(latest.Folder, settings.Folder, StringComparison.OrdinalIgnoreCase)
                        || !await lease.MayWorkAsync(accountId, work.Token))
                    {
                        break; // Paused, moved to another folder, or another node took it: reconnect or stop.
                    }

                    settings = latest;
                }
            }
            catch (Exception ex) when (!stop.IsCancellationRequested && (leaseToken.IsCancellationRequested || ex is MonitorLeaseLostException))
            {
                // Not a failure of the mailbox: another node works it now. Back to waiting for the lease.
                Log.LeaseLost(logger, accountId);
            }
            catch (SignInNeededException ex) when (!stop.IsCancellationRequested)
            {
                // A person must sign in again. Nothing was fetched, so nothing is skipped or lost and the checkpoint
                // stays; the state is shown as the monitor's last error. The loop asks again every SignInWait without
                // growing back-off: the token source answers from the store, never asking the provider, until someone
                // signs in; then the monitor resumes by itself within one wait.
                if (!signInNeeded)
                {
                    Log.SignInNeeded(logger, accountId, ex.Message);
                    signInNeeded = true;
                }

                await RecordQuietlyAsync(accountId, MonitorErrors.Describe(ex));
                try
                {
                    await Task.Delay(SignInWait, time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                Log.CheckFailed(logger, ex, accountId, backoff.TotalSeconds);
                try
                {
                    await monitors.RecordCheckAsync(accountId, MonitorCheckCounts.Zero, MonitorErrors.Describe(ex), CancellationToken.None);
                }
                catch (Exception recordFailure)
                {
                    // The database itself is away: the error cannot be shown now; wait and try again all the same.
                    Log.StateNotSaved(logger, recordFailure, accountId);
                }

                try
                {
                    await Task.Delay(backoff, time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        Log.Stopped(logger, accountId);
    }

    private async Task RecordQuietlyAsync(long accountId, string error)
    {
        try
        {
            await monitors.RecordCheckAsync(accountId, MonitorCheckCounts.Zero, error, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The database itself is away: the state cannot be shown now; the next try records it.
            Log.StateNotSaved(logger, e, accountId);
        }
    }
}
