using System.ComponentModel.DataAnnotations;

namespace Mailroom.Outbox;

/// <summary>How the outbox retries and shares work (configuration section <c>Mailroom:Outbox</c>).</summary>
internal sealed record OutboxOptions
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
    /// How long a node's claim on a message lasts. A node that dies frees its messages after this; it is renewed
    /// before each message is sent, so it only has to outlast one SMTP transaction.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(10);

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
}
