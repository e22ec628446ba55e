using System.ComponentModel.DataAnnotations;

namespace Mailroom.Engine.Outbox;

/// <summary>How the outbox retries and shares work (configuration section <c>Mailroom:Outbox</c>).</summary>
internal sealed record OutboxOptions : IValidatableObject
{
    public const string Section = "Mailroom:Outbox";

    /// <summary>How long temporary failures are retried before a message is failed. Default 24 hours: relays keep trying for 4-5 days (RFC 5321 §4.5.4.1), but an agent wants to know much sooner that a customer did not get the answer.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The wait after the first temporary failure; it doubles with each further one.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two tries.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>How many messages one node takes at a time; they go out over one connection per account.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; init; } = 50;

    /// <summary>
    /// How long a node's claim on a message lasts without a renewal. While a node works a batch it renews every claim
    /// of the batch each <see cref="RenewInterval"/> (<see cref="OutboxClaimKeeper"/>), so a slow server or a 25 MB
    /// message never outlasts it; a node that dies stops renewing and its messages are free after this. 60 s: mail a
    /// dead node had claimed goes out about a minute later from another node.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the claims of the batch in hand are renewed. 5 s: several chances before <see cref="StopMargin"/>.</summary>
    public TimeSpan RenewInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A node that could not renew its claims stops sending them this long before they could run out (measured on its
    /// own monotonic clock from before the last successful renewal was sent), cutting off an SMTP transaction in
    /// flight, so it has stopped before any other node may take the messages over. The margin also absorbs clock
    /// differences between nodes, since claim times are written by each node's own clock.
    /// </summary>
    public TimeSpan StopMargin { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the worker looks for due messages.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>This node's name in claims; default host name and process id.</summary>
    public string NodeName { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The wait before try number <paramref name="attempts"/> + 1 after <paramref name="attempts"/> failed ones.</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstRetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
        return delay < FirstRetryDelay ? FirstRetryDelay : delay;
    }

    /// <summary>The lease must leave room for two renewals before a node stops, and stopping must come before the lease runs out.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StopMargin <= TimeSpan.Zero || StopMargin >= Lease)
        {
            yield return new ValidationResult(
                $"{Section}:StopMargin must be above zero and below Lease ({Lease}); it is {StopMargin}.", [nameof(StopMargin)]);
        }
        else if (RenewInterval <= TimeSpan.Zero || RenewInterval * 2 > Lease - StopMargin)
        {
            yield return new ValidationResult(
                $"{Section}:RenewInterval must be above zero and leave room for two renewals before a node stops (Lease - StopMargin = {Lease - StopMargin}); it is {RenewInterval}.",
                [nameof(RenewInterval)]);
        }
    }
}
