using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mailroom.Engine.Metrics;

/// <summary>
/// Mailroom's instruments, on one <see cref="Meter"/> named <see cref="MeterName"/>. <c>serve</c> exports them in
/// Prometheus format on <c>/metrics</c> when <c>Mailroom:Metrics:Enabled</c> is true (<see cref="MetricsSetup"/>).
/// </summary>
/// <remarks>
/// The meter is static, as the runtime's own meters are: the monitor, the outbox and the token source count into it
/// without threading a service through every constructor, and recording costs nothing while no listener (exporter)
/// is attached. Names follow OpenTelemetry's conventions; Prometheus shows them with dots as underscores, counters
/// with <c>_total</c> and the histogram with <c>_seconds</c>. Every instrument that concerns an account carries the
/// tag <c>account</c> (its name); the lease gauge carries <c>node</c>.
/// </remarks>
internal static class MailroomMetrics
{
    public const string MeterName = "Mailroom";

    private static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Messages downloaded from a mailbox and stored durably.</summary>
    public static readonly Counter<long> Fetched = Meter.CreateCounter<long>("mailroom.monitor.fetched", "{message}", "Messages downloaded from a mailbox and stored");

    /// <summary>Messages filed: on an existing record or as a new one.</summary>
    public static readonly Counter<long> Filed = Meter.CreateCounter<long>("mailroom.monitor.filed", "{message}", "Messages filed on a record (existing or new)");

    public static readonly Counter<long> Skipped = Meter.CreateCounter<long>("mailroom.monitor.skipped", "{message}", "Messages skipped by a rule, a built-in check, or as duplicates");

    /// <summary>Messages set aside in the Not handled list.</summary>
    public static readonly Counter<long> SetAside = Meter.CreateCounter<long>("mailroom.monitor.set_aside", "{message}", "Messages set aside as not handled");

    /// <summary>How long one message took to file (parse, rules, find the record, run the item, write history), in seconds.</summary>
    public static readonly Histogram<double> FilingDuration = Meter.CreateHistogram<double>("mailroom.monitor.filing.duration", "s", "Time to file one message");

    /// <summary>Mailbox connections the monitor holds open (waiting in IMAP IDLE or polling).</summary>
    public static readonly UpDownCounter<long> MailboxConnections = Meter.CreateUpDownCounter<long>("mailroom.monitor.connections", "{connection}", "Mailbox connections the monitor holds open (IMAP IDLE or polling)");

    public static readonly Counter<long> OutboxSent = Meter.CreateCounter<long>("mailroom.outbox.sent", "{message}", "Messages the server accepted");

    public static readonly Counter<long> OutboxFailed = Meter.CreateCounter<long>("mailroom.outbox.failed", "{message}", "Messages refused for good or out of retries");

    public static readonly Counter<long> OutboxRetries = Meter.CreateCounter<long>("mailroom.outbox.retries", "{attempt}", "Tries that failed temporarily and will be retried");

    /// <summary>One per access token renewed by the token source, tags <c>account</c> and <c>reason</c> (expiring, refused: a server refused the token in force).</summary>
    public static readonly Counter<long> TokenRenewals = Meter.CreateCounter<long>("mailroom.oauth.renewals", "{token}", "Access tokens renewed");

    /// <summary>One per failed renewal, tags <c>account</c> and <c>reason</c> (transient, sign_in_needed).</summary>
    public static readonly Counter<long> TokenRenewalFailures = Meter.CreateCounter<long>("mailroom.oauth.renewal_failures", "{token}", "Access token renewals that failed");

    private static Func<long>? outboxDepth;
    private static Func<(string Node, int Held)>? leasesHeld;

    static MailroomMetrics()
    {
        Meter.CreateObservableGauge("mailroom.outbox.depth", () => outboxDepth?.Invoke() ?? 0, "{message}", "Messages waiting to be sent (queued or retrying)");
        Meter.CreateObservableGauge("mailroom.node.leases", () =>
            leasesHeld?.Invoke() is { } held ? [new Measurement<long>(held.Held, new KeyValuePair<string, object?>("node", held.Node))] : Array.Empty<Measurement<long>>(),
            "{lease}", "Account leases this node holds");
    }

    /// <summary>Where the gauges read from (the serve process's sampler); the last call wins.</summary>
    public static void Observe(Func<long> depth, Func<(string Node, int Held)> leases)
    {
        outboxDepth = depth;
        leasesHeld = leases;
    }

    public static TagList Account(string account) => new() { { "account", account } };

    /// <summary>Counts one monitor check of <paramref name="account"/>.</summary>
    public static void RecordCheck(string account, Data.Monitor.MonitorCheckCounts counts)
    {
        var tags = Account(account);
        Fetched.Add(counts.Fetched, tags);
        Filed.Add(counts.FiledExisting + counts.NewRecords, tags);
        Skipped.Add(counts.Skipped, tags);
        SetAside.Add(counts.NotHandled, tags);
    }
}
