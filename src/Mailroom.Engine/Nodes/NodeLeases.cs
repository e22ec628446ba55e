using System.Collections.Concurrent;
using Mailroom.Data.Monitor;
using Mailroom.Data.Nodes;
using Mailroom.Engine.Monitor;

namespace Mailroom.Engine.Nodes;

/// <summary>
/// The account leases this node holds, as the monitor asks about them (<see cref="IMonitorLease"/>), and the heartbeat
/// that renews, takes and gives them up (<see cref="TickAsync"/>, driven by <see cref="NodeLeaseWorker"/>).
/// </summary>
/// <remarks>
/// Even spread: with A accounts to monitor and N live nodes a node holds floor(A / N) leases, or one more for the first A mod N nodes by name; when a node
/// joins, the others release their extras on their next heartbeat and the newcomer takes them. A node that cannot
/// renew says "no" to <see cref="MayWorkAsync"/> from <see cref="NodeLeaseOptions.StopMargin"/> before its lease
/// could run out, and <see cref="EnsureHeldAsync"/> refuses any commit whose fencing token is no longer current.
/// Each held lease carries a <see cref="CancellationTokenSource"/> (<see cref="WorkToken"/>) that is cancelled when the
/// heartbeat finds the lease lost or gives it up, and by its own timer at the local stop time when no renewal pushed
/// that time on (the database is away, the process stalled): the monitor's running work for the account stops then,
/// not at its next check.
/// </remarks>
internal sealed class NodeLeases(
    NodeIdentity identity,
    NodeLeaseStore store,
    MonitorStore monitors,
    NodeLeaseOptions options,
    TimeProvider time,
    ILogger<NodeLeases> logger) : IMonitorLease
{
    /// <summary>Held leases by account.</summary>
    private readonly ConcurrentDictionary<long, Held> _held = new();

    private readonly TaskCompletionSource _firstHeartbeat = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool _joined;

    // The monotonic timestamp (from before it was sent) of the last heartbeat the database accepted; 0 before the first.
    private long _lastHeartbeat;

    public string NodeName => identity.Name;

    /// <summary>
    /// Whether a newer process took this node's name over (see <see cref="NodeNameTakenException"/>): <c>serve</c> then
    /// exits with the conflict code, so that a supervisor restarts it and an operator sees why it stopped.
    /// </summary>
    public bool NameTakenOver { get; private set; }

    /// <summary>The accounts this node may work now, for tests and logs.</summary>
    public IReadOnlyCollection<long> HeldAccounts => _held.Where(h => Usable(h.Value)).Select(h => h.Key).ToList();

    /// <summary>
    /// Whether this node's last accepted heartbeat is younger than the node time to live, i.e. the other nodes (and
    /// <c>nodes list</c>) see it as live; <c>/readyz</c> asks this.
    /// </summary>
    public bool IsHeartbeating => Volatile.Read(ref _lastHeartbeat) is var at and not 0 && time.GetElapsedTime(at) < options.TimeToLive;

    /// <summary>Completes when the database first accepts this process's heartbeat.</summary>
    public Task FirstHeartbeat => _firstHeartbeat.Task;

    public ValueTask<bool> MayWorkAsync(long accountId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_held.TryGetValue(accountId, out var lease) && Usable(lease));

    public CancellationToken WorkToken(long accountId) =>
        _held.TryGetValue(accountId, out var lease) && Usable(lease) ? lease.Stop.Token : new CancellationToken(canceled: true);

    public async Task EnsureHeldAsync(Data.UnitOfWork work, long accountId, CancellationToken cancellationToken)
    {
        if (!_held.TryGetValue(accountId, out var lease) || !Usable(lease)
            || !await store.VerifyAsync(work, identity.Name, accountId, lease.Token, cancellationToken))
        {
            throw new MonitorLeaseLostException(accountId);
        }
    }

    /// <summary>
    /// One heartbeat: registers the node, renews its leases, drops lost ones, releases extras and takes free accounts
    /// up to its fair share. Throws when the database cannot be reached; the held leases then age out locally.
    /// </summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var sentAt = time.GetTimestamp();
        var workUntil = time.StopAt(sentAt, options.TimeToLive, options.StopMargin);
        if (await store.HeartbeatAsync(identity.Name, identity.Instance, options.TimeToLive, !_joined, cancellationToken) is not { } count)
        {
            // Another process has this name now: stop every piece of work here at once; its leases are its own.
            NameTakenOver = true;
            foreach (var accountId in _held.Keys.ToList())
            {
                if (_held.TryRemove(accountId, out var lease))
                {
                    await lease.Stop.CancelAsync();
                }
            }

            throw new NodeNameTakenException(identity.Name);
        }

        Volatile.Write(ref _lastHeartbeat, sentAt);
        _firstHeartbeat.TrySetResult();
        var live = Math.Max(1, count);
        if (!_joined)
        {
            _joined = true;
            NodeLog.Joined(logger, identity.Name, live);
        }

        var renewed = (await store.RenewAsync(identity.Name, options.TimeToLive, cancellationToken)).ToDictionary(l => l.AccountId, l => l.Token);
        foreach (var (accountId, lease) in _held)
        {
            if (renewed.TryGetValue(accountId, out var token) && token == lease.Token)
            {
                // Push the stop timer on; if it already fired (a late heartbeat, the lease itself still valid) the
                // cancelled work stays cancelled and new work gets a fresh token.
                lease.Stop.CancelAfter(time.Remaining(workUntil));
                _held[accountId] = lease.Stop.IsCancellationRequested ? NewHeld(lease.Token, workUntil) : lease with { WorkUntil = workUntil };
            }
            else
            {
                _held.TryRemove(accountId, out _);
                await lease.Stop.CancelAsync();
                NodeLog.Lost(logger, identity.Name, accountId);
            }
        }

        var wanted = (await monitors.ListAsync(cancellationToken)).Where(m => m.Enabled).Select(m => m.AccountId).ToHashSet();
        // Shares differ by at most one: the first (accounts mod nodes) live nodes in name order take one more, so a
        // node holding fewer is never starved while the others stay within the ceiling.
        var names = (await store.ListLiveAsync(cancellationToken)).Select(n => n.Name).ToList();
        live = Math.Max(1, names.Count);
        var index = names.IndexOf(identity.Name);
        var fairShare = (wanted.Count / live) + (index >= 0 && index < wanted.Count % live ? 1 : 0);

        // Give up accounts no longer monitored, then extras above the fair share (the highest ids, so the choice is stable).
        foreach (var accountId in _held.Keys.Where(id => !wanted.Contains(id)).ToList())
        {
            await ReleaseAsync(accountId, "its monitor is paused or gone", cancellationToken);
        }

        foreach (var accountId in _held.Keys.OrderByDescending(id => id).Take(Math.Max(0, _held.Count - fairShare)).ToList())
        {
            await ReleaseAsync(accountId, $"fair share is {fairShare} over {live} nodes", cancellationToken);
        }

        if (_held.Count >= fairShare)
        {
            return;
        }

        var taken = await store.HeldAsync(cancellationToken);
        foreach (var accountId in wanted.Where(id => !_held.ContainsKey(id) && (!taken.TryGetValue(id, out var holder) || holder == identity.Name)).Order())
        {
            if (_held.Count >= fairShare)
            {
                break;
            }

            var lease = await store.TryAcquireAsync(identity.Name, accountId, options.TimeToLive, cancellationToken);
            if (lease is not null)
            {
                _held[accountId] = NewHeld(lease.Token, workUntil);
                NodeLog.Acquired(logger, identity.Name, accountId, lease.Token);
            }
        }
    }

    /// <summary>Stopping politely: every lease is given up at once so the others take over without waiting for expiry.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        foreach (var accountId in _held.Keys.ToList())
        {
            if (_held.TryRemove(accountId, out var lease))
            {
                await lease.Stop.CancelAsync();
            }
        }

        await store.LeaveAsync(identity.Name, identity.Instance, cancellationToken);
    }

    private async Task ReleaseAsync(long accountId, string reason, CancellationToken cancellationToken)
    {
        // Stop working it here first, then free it: a commit in flight is refused by the fencing check.
        if (_held.TryRemove(accountId, out var lease))
        {
            await lease.Stop.CancelAsync();
            await store.ReleaseAsync(identity.Name, accountId, lease.Token, cancellationToken);
            NodeLog.Released(logger, identity.Name, accountId, reason);
        }
    }

    private bool Usable(Held lease) => !lease.Stop.IsCancellationRequested && time.GetTimestamp() < lease.WorkUntil;

    private Held NewHeld(long token, long workUntil) => new(token, workUntil, new CancellationTokenSource(time.Remaining(workUntil), time));

    /// <summary>
    /// A held lease: its fencing token, the local monotonic timestamp after which this node stops working it, and the
    /// source of <see cref="WorkToken"/>, whose timer fires at that timestamp unless a renewal moves it on. A cancelled
    /// source has released its timer, so nothing needs disposing.
    /// </summary>
    private sealed record Held(long Token, long WorkUntil, CancellationTokenSource Stop);
}
