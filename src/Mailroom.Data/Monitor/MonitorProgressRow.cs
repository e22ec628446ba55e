namespace Mailroom.Data.Monitor;

/// <summary>An account's check as <c>monitor_progress</c> keeps it (see <see cref="MonitorProgressMigration"/>); times in Unix milliseconds.</summary>
public sealed class MonitorProgressRow
{
    public long AccountId { get; set; }

    /// <summary>The monitor's first check, or one after the server reset its checkpoint.</summary>
    public bool Initial { get; set; }

    public int Listed { get; set; }

    /// <summary>Null when the server did not give every listed message's size.</summary>
    public long? ListedBytes { get; set; }

    public int Received { get; set; }

    public long ReceivedBytes { get; set; }

    public int Filed { get; set; }

    public long StartedAt { get; set; }

    public long UpdatedAt { get; set; }

    /// <summary>Null while the check runs.</summary>
    public long? FinishedAt { get; set; }
}
