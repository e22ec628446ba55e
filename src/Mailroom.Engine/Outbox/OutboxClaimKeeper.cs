using System.Collections.Concurrent;
using Mailroom.Data.Outbox;
using Mailroom.Engine.Nodes;

namespace Mailroom.Engine.Outbox;

/// <summary>
/// Keeps a node's claims on the batch it is sending alive: every <see cref="OutboxOptions.RenewInterval"/> it renews
/// the claims not yet settled, and <see cref="Token"/> is cancelled the moment the node must stop sending them.
/// </summary>
/// <remarks>
/// The same pattern as the monitor's account leases (<see cref="Nodes.NodeLeases"/>): a lease row with an expiry
/// renewed while the work goes on, and a local stop time on the monotonic clock, <see cref="OutboxOptions.Lease"/>
/// minus <see cref="OutboxOptions.StopMargin"/> after the last successful renewal was sent, pushed on by each renewal.
/// When renewals fail (the database is away, the process stalled) the stop timer fires before the claims can run out,
/// so an SMTP transaction in flight is cut off before another node may send the same message; cut off before the
/// end of DATA the server keeps nothing, after it the message stays Sending and is sent again with the same bytes and
/// Message-ID, as after a crash. A claim found lost at a renewal (run out and taken over) stops the batch too.
/// </remarks>
internal sealed class OutboxClaimKeeper : IAsyncDisposable
{
    private readonly OutboxStore _store;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>The claims not yet settled, each with its account (for the log when renewing them fails).</summary>
    private readonly ConcurrentDictionary<long, long> _open;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationTokenSource _loopStop = new();
    private readonly Task _loop;

    /// <param name="store">Where the claims are renewed.</param>
    /// <param name="options">Lease, renewal interval, stop margin and this node's name.</param>
    /// <param name="time">The clock; the stop time is on its monotonic timestamps.</param>
    /// <param name="claimedAt">The timestamp (<see cref="TimeProvider.GetTimestamp"/>) taken just before the claim was sent.</param>
    /// <param name="claims">The claimed outbox messages.</param>
    /// <param name="logger">Where a failed renewal is told, with the accounts whose mail waits on it.</param>
    public OutboxClaimKeeper(OutboxStore store, OutboxOptions options, TimeProvider time, long claimedAt, IEnumerable<OutboxClaim> claims, ILogger logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _open = new ConcurrentDictionary<long, long>(claims.Select(c => KeyValuePair.Create(c.Id, c.AccountId)));
        _stop = new CancellationTokenSource(RemainingFrom(claimedAt), time);
        _loop = RenewLoopAsync(_loopStop.Token);
    }

    /// <summary>Cancelled when this node must stop sending the batch: its claims could not be renewed in time, or one was lost.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The message's outcome is written (or it was given up): its claim is no longer renewed.</summary>
    public void Settled(long id) => _open.TryRemove(id, out _);

    public async ValueTask DisposeAsync()
    {
        await _loopStop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _loopStop.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Renews the open claims now and pushes the stop time on. False when one was lost (then <see cref="Token"/> is
    /// cancelled) or when the batch is already stopped. The loop calls it every interval; tests call it to control time.
    /// </summary>
    /// <exception cref="Exception">The database could not be reached; nothing changed.</exception>
    internal async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        if (_stop.IsCancellationRequested)
        {
            return false;
        }

        var ids = _open.Keys.ToList();
        if (ids.Count == 0)
        {
            return true;
        }

        var sentAt = _time.GetTimestamp();
        var renewed = await _store.RenewClaimsAsync(_options.NodeName, ids, _options.Lease, cancellationToken);

        // A claim settled meanwhile is missing from the answer too; only one still open counts as lost.
        if (ids.Except(renewed).Any(_open.ContainsKey))
        {
            await _stop.CancelAsync();
            return false;
        }

        _stop.CancelAfter(RemainingFrom(sentAt));
        return !_stop.IsCancellationRequested;
    }

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        // Yield first: the constructor must not run the loop's first await synchronously.
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested && !_stop.IsCancellationRequested)
        {
            await Task.Delay(_options.RenewInterval, _time, cancellationToken);
            try
            {
                await RenewAsync(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The database is away: try again at the next interval; the stop timer ends the work in time if it stays away.
                var open = _open.ToArray();
                OutboxLog.RenewalFailed(_logger, e, _options.NodeName, string.Join(", ", open.Select(c => c.Key).Order()),
                    string.Join(", ", open.Select(c => c.Value).Distinct().Order()), _options.RenewInterval);
            }
        }
    }

    private TimeSpan RemainingFrom(long sentAt) => _time.Remaining(_time.StopAt(sentAt, _options.Lease, _options.StopMargin));
}
